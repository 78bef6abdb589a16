using Microsoft.Extensions.Options;
using Roundtable.Web.Features.Account;

namespace Roundtable.Web.Features.Demo;

/// <summary>At start-up: seeds the demo in Development, or tells the operator how to create the first organizer.</summary>
public sealed class DemoOrFirstRunHint(IConfiguration configuration, IHostEnvironment environment, IServiceScopeFactory scopes, FirstRunSetup firstRun, ILoggerFactory logs) : IStartupTask
{
    public async Task RunAsync(CancellationToken ct)
    {
        var log = logs.CreateLogger("Roundtable");
        var demo = configuration.GetSection(DemoSettings.Section).Get<DemoSettings>() ?? new DemoSettings();
        await using var scope = scopes.CreateAsyncScope();
        if (demo.Seed && environment.IsDevelopment())
        {
            if (demo.Password.Length < 10)
            {
                throw new OptionsValidationException(DemoSettings.Section, typeof(DemoSettings), ["Demo:Password needs at least 10 characters."]);
            }
            var seeded = await scope.ServiceProvider.GetRequiredService<SeedDemo>().HandleAsync(demo.Password, ct);
            await scope.ServiceProvider.GetRequiredService<SeedUpcomingDemo>().HandleAsync(ct);
            log.LogInformation("{Seeded} Demo accounts (password \"{Password}\"): {Accounts}",
                seeded ? "Demo roundtable created." : "Demo data present.", demo.Password, string.Join(", ", SeedDemo.AccountEmails));
            return;
        }
        if (!await scope.ServiceProvider.GetRequiredService<ListAccounts>().AnyAsync(ct))
        {
            log.LogWarning("First run: no account exists. Open /account/setup and enter the setup code {Code} to create the first organizer.",
                firstRun.Code);
        }
    }
}
