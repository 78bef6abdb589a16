using System.Net;
using System.Text.RegularExpressions;

namespace Roundtable.Web.Features.Attribution;

/// <summary>
/// Turns stored texts into what a reader sees: the summary with its presenter placeholder filled in, and each
/// statement as a paragraph that begins with its label ("A participant asked whether …").
/// </summary>
public static partial class PublishedText
{
    /// <summary>What a rapporteur types in a summary where the presenter's name (or "The presenter") belongs.</summary>
    public const string Placeholder = "{presenter}";

    [GeneratedRegex(@"\{presenter\}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    /// <summary>The summary as published (still Markdown): every placeholder replaced, in order.</summary>
    /// <param name="mentions">Who the appendix has named so far (updated): a presenter's first mention may print a fuller form.</param>
    public static string Summary(string summary, IReadOnlyList<Voice> presenters, bool presenterNamed, Mentions? mentions = null) =>
        PlaceholderPattern().Replace(summary, m =>
            AttributionRenderer.PresenterName(presenters, presenterNamed, StartsSentence(summary, m.Index), mentions));

    public static string SummaryHtml(string summary, IReadOnlyList<Voice> presenters, bool presenterNamed, Mentions? mentions = null) =>
        Markdown.ToSafeHtml(Summary(summary, presenters, presenterNamed, mentions));

    /// <summary>
    /// A statement as published: its Markdown rendered and cleaned, with the label put in front of the first paragraph.
    /// The label is encoded as text, so a name can never become markup.
    /// </summary>
    public static string StatementHtml(string label, string text) => LabelledHtml(label, Markdown.ToSafeHtml(text));

    /// <summary>The same from the HTML stored with the statement when it was saved: what the edition prints.</summary>
    public static string LabelledHtml(string label, string html)
    {
        using var writer = new StringWriter();
        WriteLabelled(writer, label, html);
        return writer.ToString();
    }

    /// <summary>The same from the statement's HTML as <see cref="Markdown.ToSafeHtml"/> rendered it (stored with the statement).</summary>
    public static void WriteLabelled(TextWriter writer, string label, string html)
    {
        writer.Write("<p><span class=\"speaker\">");
        writer.Write(WebUtility.HtmlEncode(label));
        if (html.StartsWith("<p>", StringComparison.Ordinal))
        {
            writer.Write("</span> ");
            writer.Write(html.AsSpan(3));
            return;
        }
        writer.Write("</span></p>");
        writer.Write(html);
    }

    /// <summary>A statement as plain text, for places that cannot show HTML (a plain-text report, the leak check's view).</summary>
    public static string StatementText(string label, string text) => label + " " + text.Trim();

    private static bool StartsSentence(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c is '*' or '_' or '>' or '#' or '"' or '“' or '(')
            {
                if (c == '\n' && i > 0 && text[i - 1] == '\n')
                {
                    return true;
                }
                continue;
            }
            return c is '.' or '!' or '?';
        }
        return true;
    }
}
