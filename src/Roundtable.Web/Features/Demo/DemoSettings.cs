namespace Roundtable.Web.Features.Demo;

public sealed class DemoSettings
{
    public const string Section = "Demo";

    /// <summary>Creates the demo roundtable and accounts on first start. Only honoured in Development.</summary>
    public bool Seed { get; set; }

    /// <summary>Password of the demo accounts (Development only; there is no fixed password in a production build).</summary>
    public string Password { get; set; } = "";
}
