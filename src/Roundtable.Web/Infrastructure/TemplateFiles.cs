namespace Roundtable.Web.Infrastructure;

/// <summary>The files under templates/ (copied beside the app at build time): the defaults organizers may override.</summary>
public static class TemplateFiles
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "templates");

    public static string Read(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException($"Template {relativePath} is missing under {Root}.", path);
    }
}
