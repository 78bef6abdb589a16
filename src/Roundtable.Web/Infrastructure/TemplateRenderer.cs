using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Renders Liquid (Fluid) templates. A missing variable or an unknown filter is an error, never an empty string,
/// and HTML parts escape every value.
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();

    private readonly TemplateOptions options = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        CultureInfo = CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,
        MaxSteps = 100_000,
        MaxRecursion = 20,
    };

    public bool TryParse(string source, out IFluidTemplate? template, out string error)
    {
        if (Parser.TryParse(source, out var parsed, out var message))
        {
            template = parsed;
            error = "";
            return true;
        }
        template = null;
        error = message;
        return false;
    }

    public IFluidTemplate Parse(string source) =>
        TryParse(source, out var t, out var error) ? t! : throw new InvalidOperationException("Template does not parse: " + error);

    public string Render(IFluidTemplate template, IReadOnlyDictionary<string, object?> model, bool html)
    {
        var context = new TemplateContext(options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }
        return template.Render(context, html ? HtmlEncoder.Default : NullEncoder.Default);
    }

    /// <summary>What a template that parsed may throw while rendering (a bad argument to a filter, too many steps).</summary>
    public static bool IsRenderFailure(Exception e) => e is FluidException or InvalidOperationException or ArgumentException or FormatException;

    /// <summary>Filters the template calls that do not exist, in any branch (rendering finds them only in the branch taken).</summary>
    public IReadOnlyCollection<string> UnknownFilters(IFluidTemplate template)
    {
        var finder = new PlaceholderFinder();
        finder.VisitTemplate(template);
        return finder.Filters.Where(f => !options.Filters.TryGetValue(f, out _)).ToHashSet();
    }

    /// <summary>
    /// The placeholders a template reads ("roundtable.title"), found in the whole template and not only in the
    /// branches a sample happens to take; names the template assigns itself are left out.
    /// </summary>
    public static IReadOnlyCollection<string> Placeholders(IFluidTemplate template)
    {
        var finder = new PlaceholderFinder();
        finder.VisitTemplate(template);
        return finder.Used.Where(p => !finder.Locals.Contains(p.Split('.')[0])).ToHashSet();
    }

    private sealed class PlaceholderFinder : AstVisitor
    {
        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank" };
        public HashSet<string> Filters { get; } = new(StringComparer.Ordinal);

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            Filters.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = memberExpression.Segments.TakeWhile(s => s is IdentifierSegment).Cast<IdentifierSegment>().Select(s => s.Identifier).Take(2).ToList();
            if (names.Count > 0)
            {
                Used.Add(string.Join('.', names));
            }
            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement s) { Locals.Add(s.Identifier); return base.VisitAssignStatement(s); }
        protected override Statement VisitCaptureStatement(CaptureStatement s) { Locals.Add(s.Identifier); return base.VisitCaptureStatement(s); }
        protected override Statement VisitForStatement(ForStatement s) { Locals.Add(s.Identifier); return base.VisitForStatement(s); }
        protected override Statement VisitIncrementStatement(IncrementStatement s) { Locals.Add(s.Identifier); return base.VisitIncrementStatement(s); }
        protected override Statement VisitDecrementStatement(DecrementStatement s) { Locals.Add(s.Identifier); return base.VisitDecrementStatement(s); }
    }
}
