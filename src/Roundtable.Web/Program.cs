using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Backups;
using Roundtable.Web.Features.Demo;
using Roundtable.Web.Features.Inbox;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.MailOut;
using Roundtable.Web.Features.Mailings;
using Roundtable.Web.Features.Reports;

if (AppCommands.Requested(args))
{
    return await AppCommands.RunAsync(args);
}

// The composition root: one call per area (each says in its summary what it registers). Use-case classes register
// themselves (AddFeatureClasses); a room's recurring jobs, start-up recovery and start-up tasks go through its Add….
// appsettings*.json are read once, at start. Reloading them on change watches the content root and every folder below
// it, where the SQLite file and its write-ahead log live (data/), so every write woke a watcher thread that looked at
// the file again: a fifth of a rapporteur's save (README, "Page benchmark"). Settings change with a restart.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddDatabase();
builder.Services.AddFeatureClasses(typeof(Program).Assembly);
var mail = builder.AddMail();
builder.AddJobs();
builder.Services.AddMailings();
builder.Services.AddInvitations();
builder.Services.AddMailOut();
builder.AddInbox(mail);
builder.AddReports();
builder.AddBackups();
builder.Services.AddDemo();
builder.AddAccounts();
builder.AddRoundtableWeb();

var app = builder.Build();
await Startup.PrepareAsync(app);
await app.StartJobsAsync();
app.UseRoundtableWeb();
app.MapJobsDashboard();

app.Run();
return 0;

public partial class Program;
