using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Roundtable.Web.Infrastructure;

/// <summary>
/// Renders Liquid (Fluid) templates. A missing variable or an unknown filter is an error, never an empty string,
/// and HTML parts escape every value. Organizers write templates, so a render is bounded: in steps, in the length of
/// every text and list it makes and writes, and in time (<see cref="TemplateLimitException"/>).
/// </summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();

    /// <summary>The longest text a template may make or write in one render (a mail is a few thousand characters).</summary>
    public const int MaxChars = 1_000_000;

    /// <summary>The most items a list made by a template may hold.</summary>
    public const int MaxItems = 10_000;

    /// <summary>How long one render may take.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(2);

    private readonly TemplateOptions options = new()
    {
        StrictVariables = true,
        StrictFilters = true,
        CultureInfo = CultureInfo.InvariantCulture,
        TimeZone = TimeZoneInfo.Utc,
        MaxSteps = 100_000,
        MaxRecursion = 20,
    };

    public TemplateRenderer()
    {
        // Every filter's result is measured: "append" and "concat" double a value in one step, so steps alone let a
        // loop of forty of them ask for gigabytes.
        foreach (var (name, filter) in options.Filters.ToList())
        {
            options.Filters.AddFilter(name, async (input, arguments, context) => Budget.Of(context).Check(await filter(input, arguments, context), name));
        }
        options.Assigned = (identifier, value, context) => new ValueTask<FluidValue>(Budget.Of(context).Check(value, identifier));
        options.Captured = (identifier, value, context) => new ValueTask<FluidValue>(Budget.Of(context).Check(value, identifier));
    }

    public bool TryParse(string source, out IFluidTemplate? template, out string error)
    {
        if (Parser.TryParse(source, out var parsed, out var message))
        {
            template = new RangeLimiter().VisitTemplate(parsed);
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
        var budget = new Budget(html ? HtmlEncoder.Default : NullEncoder.Default);
        context.AmbientValues[Budget.Key] = budget;
        // Everything written goes through the budget's encoder, captures included, so output is counted as it grows.
        return template.Render(context, budget);
    }

    /// <summary>What a template that parsed may throw while rendering (a bad argument to a filter, too many steps, a limit).</summary>
    public static bool IsRenderFailure(Exception e) => e is FluidException or InvalidOperationException or ArgumentException or FormatException or TemplateLimitException;

    /// <summary>
    /// Tags that read other files. Templates live in the database, one per mail; there are no partials to include,
    /// and Fluid would look for files on the server.
    /// </summary>
    public static IReadOnlyCollection<string> IncludeTags(IFluidTemplate template)
    {
        var finder = new PlaceholderFinder();
        finder.VisitTemplate(template);
        return finder.Includes;
    }

    /// <summary>The most numbers a range such as <c>(1..n)</c> may hold: Fluid makes a list of them all, in a loop too.</summary>
    public const int MaxRange = 100_000;

    private sealed class RangeLimiter : AstRewriter
    {
        protected override Expression VisitRangeExpression(RangeExpression e) => new BoundedRange(new RangeExpression(Visit(e.From), Visit(e.To)));
    }

    private sealed class BoundedRange(RangeExpression range) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = (await range.From.EvaluateAsync(context)).ToNumberValue();
            var end = (await range.To.EvaluateAsync(context)).ToNumberValue();
            if (end - start >= MaxRange)
            {
                throw new TemplateLimitException($"the range ({start}..{end}) holds more than {MaxRange:N0} numbers.");
            }
            return await range.EvaluateAsync(context);
        }
    }

    /// <summary>One render's limits: what it has written, when it must end, and the encoder it writes through.</summary>
    private sealed class Budget(TextEncoder inner) : TextEncoder
    {
        public const string Key = "roundtable.budget";

        private readonly long deadline = Environment.TickCount64 + (long)MaxTime.TotalMilliseconds;
        private long written;

        public static Budget Of(TemplateContext context) => (Budget)context.AmbientValues[Key]!;

        public FluidValue Check(FluidValue value, string what)
        {
            CheckTime();
            switch (value)
            {
                case StringValue s when s.ToStringValue().Length > MaxChars:
                    throw new TemplateLimitException($"\"{what}\" makes a text longer than {MaxChars:N0} characters.");
                case ArrayValue a when a.Values.Count > MaxItems:
                    throw new TemplateLimitException($"\"{what}\" makes a list of more than {MaxItems:N0} items.");
            }
            return value;
        }

        private void CheckTime()
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TemplateLimitException($"it takes longer than {MaxTime.TotalSeconds:N0} seconds to render.");
            }
        }

        private void Count(int chars)
        {
            written += chars;
            if (written > MaxChars)
            {
                throw new TemplateLimitException($"it writes more than {MaxChars:N0} characters.");
            }
            CheckTime();
        }

        public override void Encode(TextWriter output, char[] value, int startIndex, int characterCount)
        {
            Count(characterCount);
            inner.Encode(output, value, startIndex, characterCount);
        }

        public override void Encode(TextWriter output, string value, int startIndex, int characterCount)
        {
            Count(characterCount);
            inner.Encode(output, value, startIndex, characterCount);
        }

        public override string Encode(string value)
        {
            Count(value.Length);
            return inner.Encode(value);
        }

        public override int MaxOutputCharactersPerInputCharacter => inner.MaxOutputCharactersPerInputCharacter;

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength) => inner.FindFirstCharacterToEncode(text, textLength);

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
            inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

        public override bool WillEncode(int unicodeScalar) => inner.WillEncode(unicodeScalar);
    }

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
        public HashSet<string> Includes { get; } = new(StringComparer.Ordinal);

        protected override Statement VisitIncludeStatement(IncludeStatement s) { Includes.Add("include"); return base.VisitIncludeStatement(s); }
        protected override Statement VisitRenderStatement(RenderStatement s) { Includes.Add("render"); return base.VisitRenderStatement(s); }

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

/// <summary>A template went past a limit of <see cref="TemplateRenderer"/>; the message says which, for the organizer.</summary>
public sealed class TemplateLimitException(string message) : Exception(message);
