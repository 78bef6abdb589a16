using Roundtable.Web.Features.Attribution;
using System.Globalization;

namespace Roundtable.Web.Features.Proceedings;

/// <summary>Paste notes written elsewhere, check the proposed statements and speakers, then save them (nothing is saved before).</summary>
[Route("roundtables/{roundtableId:long}/proceedings/{presentationId:long}/paste")]
public sealed class ProceedingsNotesController(LoadWorkspace workspace, ImportStatements import, ListSpeakers speakers) : Controller
{
    private const string PasteView = "Paste";
    private const string ReviewView = "PasteReview";
    private const int MaxNotes = 200_000;

    [HttpGet(""), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Index(long roundtableId, long presentationId, CancellationToken ct) =>
        View(PasteView, new PasteReviewPage { Workspace = await LoadAsync(roundtableId, presentationId, ct) });

    [HttpPost(""), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Parse(long roundtableId, long presentationId, string? notes, CancellationToken ct)
    {
        var ws = await LoadAsync(roundtableId, presentationId, ct);
        notes ??= "";
        if (notes.Length > MaxNotes || string.IsNullOrWhiteSpace(notes))
        {
            ModelState.AddModelError("notes", string.IsNullOrWhiteSpace(notes) ? "Paste some notes first." : "That is more than 200,000 characters; paste one presentation's notes at a time.");
            return View(PasteView, new PasteReviewPage { Workspace = ws, Notes = notes });
        }
        // Every form of every name, for matching the notes' speakers (the page's pickers carry only full names).
        var everyone = await speakers.HandleAsync(roundtableId, ct);
        var directory = new SpeakerDirectory(everyone.Select(SpeakerCandidate.Of), ws.Presentation.Agenda.Presenters.Select(p => p.ParticipationId));
        var rows = NotesParser.Parse(notes, directory).Select(p => new PasteRow
        {
            Include = true,
            Speaker = p.Match switch
            {
                SpeakerMatch.Matched => p.SpeakerId!.Value.ToString(CultureInfo.InvariantCulture),
                SpeakerMatch.Unidentified => "?",
                SpeakerMatch.Presenter => "presenter",
                _ => "",
            },
            SameAs = p.SameAs,
            Audience = p.Audience, Kind = p.Kind, Text = p.Text, Match = p.Match.ToString().ToLowerInvariant(),
            WrittenAs = p.Match == SpeakerMatch.Ambiguous
                ? $"{p.WrittenAs} (could be {string.Join(" or ", p.Alternatives.Select(a => a.FullName))})"
                : p.WrittenAs,
        }).ToList();
        return View(ReviewView, new PasteReviewPage { Workspace = ws, Notes = notes, Rows = rows });
    }

    [HttpPost("confirm"), RequireProceedings(ProceedingsRight.Edit)]
    public async Task<IActionResult> Confirm(long roundtableId, long presentationId, string? notes, List<PasteRow> rows, CancellationToken ct)
    {
        var chosen = rows.Select((r, i) => (Row: r, Number: i + 1)).Where(x => x.Row.Include).ToList();
        // The saved statements follow the discussion as it stands: a "same as row N" becomes that row's number there.
        var existing = (await LoadAsync(roundtableId, presentationId, ct)).Presentation.Statements.Count;
        var forms = new List<StatementForm>();
        foreach (var (row, number) in chosen)
        {
            long? speakerId = null;
            int? sameAs = null;
            if (row.Speaker == "" || (row.Speaker is not ("?" or "presenter") && !long.TryParse(row.Speaker, CultureInfo.InvariantCulture, out _)))
            {
                ModelState.AddModelError($"rows[{number - 1}].Speaker", $"Statement {number}: choose who spoke (or “Unidentified”), or leave it out.");
            }
            else if (row.Speaker is not ("?" or "presenter"))
            {
                speakerId = long.Parse(row.Speaker, CultureInfo.InvariantCulture);
            }
            if (row.SameAs is { } earlier && row.Speaker == "?")
            {
                var at = chosen.FindIndex(x => x.Number == earlier);
                if (earlier >= number || at < 0)
                {
                    ModelState.AddModelError($"rows[{number - 1}].SameAs", $"Statement {number}: “same voice as” must name an earlier statement that is included.");
                }
                sameAs = existing + at + 1;
            }
            forms.Add(new StatementForm
            {
                SpeakerId = speakerId, Presenter = row.Speaker == "presenter", SameVoiceAsNumber = sameAs, Audience = row.Audience, Kind = row.Kind, Text = row.Text ?? "",
            });
        }
        if (ModelState.ErrorCount == 0)
        {
            var result = await import.HandleAsync(presentationId, forms, User.Id(), ct);
            if (result.Ok)
            {
                TempData["Flash"] = $"{result.Value} statement{(result.Value == 1 ? "" : "s")} added from your notes.";
                return Redirect($"/roundtables/{roundtableId}/proceedings/{presentationId}");
            }
            // Import numbers only the included statements; name them by their place on this form.
            ModelState.AddErrors(result.Errors.Select(e => e with
            {
                Message = System.Text.RegularExpressions.Regex.Replace(e.Message, @"^Statement (\d+):", m =>
                    $"Statement {chosen[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1].Number}:"),
            }));
        }
        return View(ReviewView, new PasteReviewPage { Workspace = await LoadAsync(roundtableId, presentationId, ct), Notes = notes ?? "", Rows = rows });
    }

    // The review form has no script: its pickers list everyone, however many.
    private Task<WorkspacePage> LoadAsync(long roundtableId, long presentationId, CancellationToken ct) =>
        workspace.HandleAsync(User, roundtableId, presentationId, (ProceedingsRight)HttpContext.Items[typeof(ProceedingsRight)]!, ct, everyChoice: true);
}
