using Microsoft.Extensions.Options;
using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Demo;

namespace Roundtable.Web.Infrastructure;

public static class Startup
{
    /// <summary>Seeds the demo in Development, or tells the operator how to create the first organizer.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Roundtable");
        var demo = app.Configuration.GetSection(DemoSettings.Section).Get<DemoSettings>() ?? new DemoSettings();
        await using var scope = app.Services.CreateAsyncScope();
        if (demo.Seed && app.Environment.IsDevelopment())
        {
            if (demo.Password.Length < 10)
            {
                throw new OptionsValidationException(DemoSettings.Section, typeof(DemoSettings), ["Demo:Password needs at least 10 characters."]);
            }
            var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(demo.Password, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<SeedUpcomingDemo>().HandleAsync(CancellationToken.None);
            log.LogInformation("{Seeded} Demo accounts (password \"{Password}\"): {Accounts}",
                seeded ? "Demo roundtable created." : "Demo data present.", demo.Password, string.Join(", ", SeedDemo.AccountEmails));
            return;
        }
        if (!await scope.ServiceProvider.GetRequiredService<ListAccounts>().AnyAsync(CancellationToken.None))
        {
            log.LogWarning("First run: no account exists. Open /account/setup and enter the setup code {Code} to create the first organizer.",
                app.Services.GetRequiredService<FirstRunSetup>().Code);
        }
    }
}
