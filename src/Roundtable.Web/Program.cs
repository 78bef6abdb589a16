using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.FollowUp;
using Roundtable.Web.Features.Inbox;
using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Infrastructure;
using Roundtable.Web.Infrastructure.Mail;

if (AppCommands.Requested(args))
{
    return await AppCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;

DapperSetup.Configure();
var dbSettings = builder.Configuration.GetSection(DatabaseSettings.Section).Get<DatabaseSettings>() ?? new DatabaseSettings();
services.AddSingleton(dbSettings);
services.AddSingleton<Db>();
services.AddSqlStatementCount(dbSettings);
services.AddSingleton<Installation>();
services.AddSingleton(TimeProvider.System);
services.AddSingleton<FirstRunSetup>();
services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
services.AddFeatureClasses(typeof(Program).Assembly);
services.AddSingleton(builder.Configuration.GetSection(PdfSettings.Section).Get<PdfSettings>() ?? new PdfSettings());
services.AddSingleton<PdfRenderer>();
services.AddScoped<RazorRenderer>();
services.AddSingleton<Roundtable.Web.Features.Reports.ReportLinks>();
var mail = builder.AddMail();
builder.AddJobs();
builder.AddInbox(mail);
services.AddInvitations();
services.AddFollowUps();

var limits = builder.Configuration.GetSection(LimitSettings.Section).Get<LimitSettings>() ?? new LimitSettings();
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes);
// A form value may be as long as the whole body, so the body's limit is the one that answers (413), never the form reader's.
services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.ValueLengthLimit = (int)Math.Min(int.MaxValue, limits.MaxRequestBodyBytes));

builder.AddRoundtableDataProtection(dbSettings);
builder.AddSignInLimits();
var forwardedHeaders = Proxies.ForwardedHeaders(builder.Configuration);

services.AddCookieOrBearer()
    .AddCookie(o =>
    {
        o.LoginPath = "/account/login";
        o.Cookie.Name = "roundtable.auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = ctx => AuthAnswers.LoginRequired(ctx);
        o.Events.OnRedirectToAccessDenied = ctx => AuthAnswers.Denied(ctx);
        o.Events.OnValidatePrincipal = CheckSession.ValidateAsync;
    });
services.AddAuthorizationBuilder()
    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
    .AddPolicy(Policies.Organizer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Organizer))
    .AddPolicy(Policies.Administrator, p => p.RequireAuthenticatedUser().RequireRole(Roles.Administrator));

services.AddControllersWithViews(o =>
    {
        o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        o.Filters.Add(new JsonOrNoBody());
        o.Conventions.Add(new ApiOnlyInOpenApi());
    })
    .AddRazorOptions(o =>
    {
        o.ViewLocationFormats.Clear();
        foreach (var format in FeatureViewLocations.Formats)
        {
            o.ViewLocationFormats.Add(format);
        }
        o.ViewLocationExpanders.Add(new FeatureViewLocations());
    });
// Names like "Tromsø" or "Reyes-Martín" are written as themselves, not as numeric entities.
services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddProblemDetails();
services.AddStaticAssetCompression();
services.AddOpenApi(o => o.AddDocumentTransformer<BearerInOpenApi>());

var app = builder.Build();

await Startup.PrepareAsync(app);
await app.StartJobsAsync();

app.UseKnownProxies(forwardedHeaders);
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseExceptionHandler("/error");
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseMiddleware<SecurityHeaders>();
app.UseStaticAssets();
// The report's fonts, at the address every edition's stylesheet names (see ReportFonts); readers of a report need no account.
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(ReportFonts.Folder),
    RequestPath = ReportFonts.UrlPath,
    OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=604800",
});
app.UseRouting();
app.UseRateLimiter();
app.UseMiddleware<RequestSizeLimits>();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi().RequireAuthorization();
app.MapControllers();
app.MapGet("/", () => Results.Redirect("/roundtables")).ExcludeFromDescription();
app.MapJobsDashboard();

app.Run();
return 0;

public partial class Program;
