using Roundtable.Web.Features.Proceedings;

namespace Roundtable.Web.Features.Demo;

/// <summary>
/// Edited proceedings for the demo roundtable, written for the demo (all fictional), saved through the rapporteurs'
/// own use cases. Together they show every published label: named speakers, a named audience member, a presenter who
/// is not named, "A participant" / "Another participant" / "The first participant" / "The second participant", unidentified
/// speakers (one marked as the same voice as an earlier one),
/// a member of the audience, a presentation without discussion, and one draft the leak check catches ("Jim"), which
/// the organizer has let stand with a recorded reason, so the check is seen working and the report can still be mailed.
/// </summary>
public sealed class SeedDemoProceedings(SaveSummary saveSummary, AddStatement addStatement, ChangeStatus changeStatus,
    ApproveProceedings approve, GetProceedings proceedings, CheckLeaks leaks, OverrideLeak overrideLeak)
{
    public const string LeakOverrideReason =
        "Professor Harlan read this passage in draft and agreed to the one reference to his remark (email of 2 November 2026); his own presentation stays unattributed.";

    /// <summary>A statement: speaker key (null for unidentified; "=N" for the same unidentified voice as statement N), whether from the audience, and the text that follows the label.</summary>
    private sealed record Line(string? Speaker, bool Audience, string Text);

    private sealed record Part(string Summary, Line[] Discussion, string Status);

    private static Line S(string? speaker, string text) => new(speaker, false, text);

    private static Line A(string? speaker, string text) => new(speaker, true, text);

    private static readonly Part[] Parts =
    [
        new("""
            {presenter} opened the roundtable by arguing that the Arctic is no longer a strategic backwater. The retreat of the summer ice, he said, has turned a frozen buffer into a maritime frontier, and the states around it now plan for the region as they plan for any other sea: with navies, coast guards and legal claims.

            He stressed that cooperation has not collapsed. Scientific exchanges, search-and-rescue agreements and fisheries arrangements still work, largely because they were built by officials who know one another. What has changed is that these arrangements now sit beside, rather than above, military planning. {presenter} closed by asking the participants to consider which of the old habits of cooperation are worth defending at some cost.
            """,
            [
                S("kowalczyk", "asked whether the northern flank of the alliance should now be treated as one theatre from the Baltic to the Bering Strait."),
                S("whitcombe", "replied that the geography argued for it, but that the politics of the region still ran through capitals with very different priorities."),
                S("goldberg", "noted that planning offices were already struggling to agree on what counted as \"the Arctic\" in their own budgets."),
                S("tate", "agreed, adding that the forces assigned to the north had been sized for a quieter decade and were stretched thin."),
                A("solberg", "asked whether the public in northern communities had been asked what kind of security they wanted."),
            ],
            ProceedingStatus.Approved),
        new("""
            {presenter} explained how the law of the sea applies to waters that were, until recently, covered by ice most of the year. The convention's rules on continental shelves, straits and ice-covered areas were written with little expectation of regular traffic, and several of them are now contested in practice.

            She argued that the legal framework is sturdier than its critics suggest: most claims have been pursued through the agreed procedures, and even rival states have an interest in keeping it that way. The risk lies less in open defiance than in quiet reinterpretation.
            """,
            [
                A("rahman", "asked whether ships using the northern routes paid anything towards the icebreakers that kept them open."),
                S("nwosu", "replied that they often paid fees for escort, but that the fees covered a small part of the cost and were not set by any common rule."),
                S("tanaka", "noted that states far from the Arctic watched these fees closely, because they saw the routes as international waters in all but name."),
                S(null, "wondered whether insurers, rather than governments, would end up deciding which routes were used."),
                S(null, "doubted it, since insurers followed the law rather than made it."),
                S("=4", "answered that insurers set the price of every voyage, and price decided more than law."),
            ],
            ProceedingStatus.Edited),
        new("""
            {presenter} argued that great-power competition has reached the Arctic not because the region is valuable in itself but because it sits between the powers. Missile warning, submarine patrol areas and long-range aviation all pass over or under the ice, and each side reads the other's northern deployments as signals about the wider balance.

            The presenter warned against treating every new base or exercise as a step towards conflict, but also against the opposite error of assuming that the region's history of cooperation will protect it. Competition, in this view, is the normal condition; the task is to keep it predictable.
            """,
            [
                S("goldberg", "asked how predictable competition could be when the main channels of military dialogue had been suspended."),
                S("harlan", "replied that informal channels still existed, but that they depended on a shrinking number of people who had worked together before."),
                S("kowalczyk", "noted that exercises announced in advance had done more for predictability than any formal agreement."),
                S("goldberg", "added that announcements worked only if both sides believed them, and that belief was now in short supply."),
            ],
            ProceedingStatus.Edited),
        new("""
            {presenter} described how the peoples of the north take part in, and are often left out of, decisions about security in their own homelands. Councils and permanent participants have a voice in regional bodies, but military planning and infrastructure decisions are usually made far away.

            She argued that including northern communities is not a courtesy but a source of better policy: they know the land, the ice and the sea, and they will live with whatever is built. Her presentation ended with examples of consultation that had changed the location of a radar site and the timing of an exercise.
            """,
            [],
            ProceedingStatus.Edited),
        new("""
            {presenter} described search and rescue as the most practical form of Arctic cooperation and, for that reason, the most revealing. Distances are vast, assets are few, and no state can cover its own area alone. Rescue coordination centres still share information across lines that are otherwise closed.

            He warned that this cooperation rests on habits rather than guarantees. If the exchange of positions and plans becomes a security risk in the eyes of governments, the people at sea will be the first to pay for it.
            """,
            [
                S("goldberg", "asked whether rescue centres still exchanged information with their counterparts across the strait."),
                S("harlan", "noted that they did, but that each exchange now needed approval from further up the chain."),
                S("goldberg", "asked how long such approval took in an emergency."),
                S("harlan", "added that exercises including all the northern coast guards would keep those minutes short."),
                S("eriksen", "replied that it took minutes on a good day and hours on a bad one, and that hours could cost lives."),
            ],
            ProceedingStatus.Draft),
        new("""
            {presenter} closed the day by asking where cooperation can still work. Her answer was that it works best where it is technical, local and useful to every side: ice charts, weather data, oil-spill response and the management of fish stocks that move across boundaries.

            She suggested that states outside the region could help by funding shared science rather than by seeking a seat at every table.
            """,
            [
                S("okafor", "agreed, and noted that shared logistics, such as fuel depots and airstrips, could be a further area for practical work."),
                S("tate", "cautioned that anything useful to every side in peacetime would be useful to the military in a crisis."),
                S("goldberg", "agreed with the point Jim had made before lunch that informal channels depended on a few people, and asked how they could be renewed."),
            ],
            ProceedingStatus.Draft),
    ];

    public async Task HandleAsync(long roundtableId, IReadOnlyList<long> presentationIds, IReadOnlyDictionary<string, long> participationIds,
        IReadOnlyList<long> rapporteurUserIds, long organizerUserId, CancellationToken ct)
    {
        for (var i = 0; i < Parts.Length && i < presentationIds.Count; i++)
        {
            var part = Parts[i];
            var pid = presentationIds[i];
            var writer = rapporteurUserIds[i % rapporteurUserIds.Count];
            Must(await saveSummary.HandleAsync(pid, new SummaryForm { Text = part.Summary, Revision = 0 }, writer, ct));
            foreach (var line in part.Discussion)
            {
                Must(await addStatement.HandleAsync(pid, new StatementForm
                {
                    SpeakerId = line.Speaker is null || line.Speaker.StartsWith('=') ? null : participationIds[line.Speaker],
                    SameVoiceAsNumber = line.Speaker?.StartsWith('=') == true ? int.Parse(line.Speaker[1..], System.Globalization.CultureInfo.InvariantCulture) : null,
                    Audience = line.Audience, Kind = StatementKinds.Infer(line.Text), Text = line.Text,
                }, writer, ct));
            }
            if (part.Status != ProceedingStatus.Draft)
            {
                Must(await changeStatus.HandleAsync(pid, ProceedingStatus.Edited, writer, ct));
            }
            if (part.Status == ProceedingStatus.Approved)
            {
                var version = (await proceedings.HandleAsync(roundtableId, pid, ct))!.Value.Presentation.Version;
                Must(await approve.HandleAsync(roundtableId, pid, version, organizerUserId, ct));
            }
        }
        foreach (var f in (await leaks.HandleAsync(roundtableId, null, ct)).Where(f => !f.Overridden))
        {
            Must(await overrideLeak.HandleAsync(roundtableId, f.PresentationId,
                new LeakOverrideForm { StatementId = f.StatementId, Term = f.Hit.Term, Reason = LeakOverrideReason }, organizerUserId, ct));
        }
    }

    private static void Must<T>(WriteResult<T> result)
    {
        if (!result.Ok)
        {
            throw new InvalidOperationException($"Demo proceedings are invalid ({result.Outcome}): " + string.Join("; ", result.Errors.Select(e => e.Message)));
        }
    }
}
