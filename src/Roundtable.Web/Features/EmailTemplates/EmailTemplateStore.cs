using System.Collections.Concurrent;
using Fluid;
using Roundtable.Web.Features.Settings;

namespace Roundtable.Web.Features.EmailTemplates;

public sealed class EmailTemplateSource
{
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string HtmlBody { get; init; } = "";
    public bool IsOverride { get; init; }
}

public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>
/// A template's three parts, parsed once and rendered for each recipient. The installation's branding (the same in every
/// mail) is added to each model here, read once per compile: no mail's own model has to carry it.
/// </summary>
public sealed class CompiledEmail(TemplateRenderer renderer, IFluidTemplate subject, IFluidTemplate text, IFluidTemplate html,
    IReadOnlyDictionary<string, object?>? branding = null)
{
    public RenderedEmail Render(IReadOnlyDictionary<string, object?> model)
    {
        if (!model.ContainsKey("branding"))
        {
            model = new Dictionary<string, object?>(model) { ["branding"] = branding ?? EmailTemplateStore.NoBranding };
        }
        return new(
            string.Join(' ', renderer.Render(subject, model, html: false).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            renderer.Render(text, model, html: false),
            renderer.Render(html, model, html: true));
    }
}

/// <summary>
/// The default templates are the files templates/email/NAME.{subject,txt,html}.liquid; an organizer's override for
/// one roundtable lives in email_templates.
/// </summary>
public sealed class EmailTemplateStore(Db db, TemplateRenderer renderer, MailSettings mail)
{
    /// <summary>The branding placeholders when none is set (and for previews and checks): empty name and logo, the default colour.</summary>
    public static readonly IReadOnlyDictionary<string, object?> NoBranding = new Dictionary<string, object?>
    {
        ["name"] = "", ["colour"] = BrandingForm.DefaultColour, ["logo_url"] = "",
    };

    private readonly ConcurrentDictionary<string, EmailTemplateSource> defaults = new();

    private const string OverrideSql = """
        SELECT subject, text_body, html_body, 1 AS is_override FROM email_templates WHERE roundtable_id = @roundtableId AND name = @name
        """;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "templates", "email");

    public EmailTemplateSource Default(string name) => defaults.GetOrAdd(name, n => new EmailTemplateSource
    {
        Subject = File.ReadAllText(Path.Combine(Folder, n + ".subject.liquid")).Trim(),
        TextBody = File.ReadAllText(Path.Combine(Folder, n + ".txt.liquid")),
        HtmlBody = File.ReadAllText(Path.Combine(Folder, n + ".html.liquid")),
    });

    public async Task<EmailTemplateSource> SourceAsync(long? roundtableId, string name, CancellationToken ct)
    {
        if (roundtableId is not null)
        {
            await using var conn = await db.OpenAsync(ct);
            var custom = await conn.QuerySingleOrDefaultAsync<EmailTemplateSource>(new CommandDefinition(OverrideSql, new { roundtableId, name }, cancellationToken: ct));
            if (custom is not null)
            {
                return custom;
            }
        }
        return Default(name);
    }

    public async Task<CompiledEmail> CompileAsync(long? roundtableId, string name, CancellationToken ct)
    {
        var s = await SourceAsync(roundtableId, name, ct);
        var b = await GetBranding.ReadAsync(db, ct);
        var branding = new Dictionary<string, object?>
        {
            ["name"] = b.InstitutionName, ["colour"] = b.Colour,
            ["logo_url"] = b.Logo is { Length: > 0 } ? mail.PublicBaseUrl.TrimEnd('/') + "/branding/logo" : "",
        };
        return new(renderer, renderer.Parse(s.Subject), renderer.Parse(s.TextBody), renderer.Parse(s.HtmlBody), branding);
    }

    public CompiledEmail Compile(EmailTemplateSource s) =>
        new(renderer, renderer.Parse(s.Subject), renderer.Parse(s.TextBody), renderer.Parse(s.HtmlBody));

    /// <summary>
    /// Everything that would make the template fail later: a syntax error, a placeholder that does not exist or that
    /// this kind of mail does not fill, a filter that does not exist (anywhere in it, not only in the branches a sample
    /// takes), or a render that throws for the sample recipient with any of the values templates branch on
    /// (<see cref="EmailModel.Variants"/>). Found at save time, not at send time.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(EmailTemplateSource s, EmailPlaceholders.Kind kind, IReadOnlyDictionary<string, object?> sample)
    {
        var errors = new List<FieldError>();
        var parsed = new List<IFluidTemplate>();
        var filled = EmailPlaceholders.For(kind.Name).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (field, label, source) in new[] { ("Subject", "Subject", s.Subject), ("TextBody", "Text part", s.TextBody), ("HtmlBody", "HTML part", s.HtmlBody) })
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                errors.Add(new FieldError(field, $"{label}: cannot be empty."));
                continue;
            }
            if (!renderer.TryParse(source, out var template, out var error))
            {
                errors.Add(new FieldError(field, $"{label}: {error}"));
                continue;
            }
            foreach (var unknown in TemplateRenderer.Placeholders(template!).Where(p => !filled.Contains(p)).Order())
            {
                errors.Add(new FieldError(field, EmailPlaceholders.Names.Contains(unknown)
                    ? $"{label}: {{{{ {unknown} }}}} is not filled in the {kind.InSentence} mail. Use one of the placeholders listed beside the editor."
                    : $"{label}: unknown placeholder {{{{ {unknown} }}}}. Use one of the placeholders listed beside the editor."));
            }
            foreach (var unknown in renderer.UnknownFilters(template!).Order())
            {
                errors.Add(new FieldError(field, $"{label}: unknown filter \"{unknown}\"."));
            }
            foreach (var tag in TemplateRenderer.IncludeTags(template!).Order())
            {
                errors.Add(new FieldError(field, $"{label}: {{% {tag} %}} is not available: a mail's template cannot read other files. Write the text into this template instead."));
            }
            parsed.Add(template!);
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        var compiled = new CompiledEmail(renderer, parsed[0], parsed[1], parsed[2]);
        // Each render is bounded in time; so are all of them together, or a slow template would hold the preview a minute.
        var started = Environment.TickCount64;
        foreach (var model in EmailModel.Variants(sample).Prepend(sample))
        {
            try
            {
                compiled.Render(model);
            }
            catch (Exception e) when (TemplateRenderer.IsRenderFailure(e))
            {
                errors.Add(new FieldError("", "The template does not render: " + e.Message));
                break;
            }
            if (Environment.TickCount64 - started > TemplateRenderer.MaxTime.TotalMilliseconds)
            {
                errors.Add(new FieldError("", $"The template does not render: it takes longer than {TemplateRenderer.MaxTime.TotalSeconds:N0} seconds to render for every kind of recipient."));
                break;
            }
        }
        return errors;
    }
}
