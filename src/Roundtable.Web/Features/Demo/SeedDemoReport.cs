using Roundtable.Web.Features.Reports;

namespace Roundtable.Web.Features.Demo;

/// <summary>The demo roundtable's report texts and open questions (fictional, written for the demo), so a new user can assemble a complete report at once.</summary>
public sealed class SeedDemoReport(SaveReport saveReport, AddOpenQuestion addQuestion)
{
    private static readonly string[] Questions =
    [
        "Which confidence-building measures from the Cold War could be adapted for the Arctic without legitimizing militarization?",
        "How should indigenous organizations take part in security dialogues, and not only in environmental ones?",
        "Can search-and-rescue cooperation survive a wider crisis between the great powers, and what would keep it alive?",
        "What role, if any, should non-Arctic states have in the region's security arrangements?",
    ];

    public async Task HandleAsync(long roundtableId, long directorParticipationId, long userId, CancellationToken ct)
    {
        var result = await saveReport.HandleAsync(roundtableId, new ReportForm
        {
            ReportNumber = "MISS-SR-2026-07",
            ReportDate = new DateOnly(2026, 11, 20),
            DistributionStatement = "Approved for public release; distribution is unlimited.",
            PerformingOrganization = "Meridian Institute for Strategic Studies",
            PerformingAddress = "120 Harbor Street, Portland, ME 04101",
            SubjectTerms = "Arctic; security cooperation; law of the sea; search and rescue; indigenous peoples; great-power competition",
            Abstract = "On October 14, 2026, the Meridian Institute for Strategic Studies brought together diplomats, scholars, military officers and community researchers to ask whether the Arctic can remain a region of cooperation as competition among the great powers grows. This report summarizes the six presentations and the discussions that followed, draws out their implications for policy, and proposes questions for a follow-up roundtable.",
            Disclaimer = "The views expressed in this report are those of the authors and do not necessarily reflect the official policy or position of the Meridian Institute for Strategic Studies or of any participant's organization.",
            CommentsInstructions = "Comments pertaining to this report are invited and should be sent to the Director, Meridian Institute for Strategic Studies, 120 Harbor Street, Portland, ME 04101.",
            Foreword = """
                On October 14, 2026, the Meridian Institute for Strategic Studies, with the support of its Program on Northern Security, held a roundtable at the Harbor Conference Center in Portland, Maine, on cooperation and competition in the High North. Fourteen diplomats, scholars, military officers and community researchers took part, from universities, research institutes, coastal services and government offices on both sides of the Atlantic and in the Pacific.

                The roundtable was held because the assumptions that kept the Arctic a zone of low tension for a generation are being tested: the ice is retreating, traffic is growing, and the great powers increasingly see the region through the lens of their wider rivalry. We asked the participants whether the habits of cooperation built since the 1990s can survive, and what policy makers should do now.

                The discussions were held under a non-attribution rule; speakers who agreed to be named are identified in the proceedings. We are grateful to all of them for their candour, and to our two rapporteurs for this report.
                """,
            ForewordSignerParticipationId = directorParticipationId,
            ForewordSignerTitle = "Director",
            ConferenceSummary = """
                The participants agreed that the Arctic is no longer insulated from global rivalries, but they disagreed sharply about how far that change has gone. One group argued that the institutions built since the 1990s, above all the practical cooperation on shipping, science and rescue, remain sturdy and should be defended. Another argued that those institutions were always a fair-weather arrangement and that planning should now assume competition.

                There was broad agreement that the law of the sea provides a workable framework for boundary questions, and that the real risks lie in incidents at sea and in the air rather than in deliberate aggression. Several participants stressed that the people who live in the region are too often absent from security discussions held about it.

                Participants disagreed on the value of military exercises in the region: some saw them as necessary reassurance, others as a source of the very incidents everyone wishes to avoid.
                """,
            PolicyImplications = """
                First, governments should separate the practical cooperation that saves lives, such as search and rescue and oil-spill response, from the wider political relationship, and protect it deliberately.

                Second, incident-prevention arrangements at sea and in the air deserve renewed attention; the region lacks the hotlines and notification habits that reduced risk elsewhere.

                Third, indigenous organizations should have a standing place in security dialogues, not only in environmental ones.
                """,
            Recommendations = """
                The participants recommended that the Institute reconvene the roundtable within a year, reconstituted to include representatives of coastal communities, the shipping and insurance industries, and officers responsible for incident prevention. The follow-up should start from the open questions below.
                """,
        }, userId, ct);
        if (!result.Ok)
        {
            throw new InvalidOperationException("Demo report texts are invalid: " + string.Join("; ", result.Errors.Select(e => e.Message)));
        }
        foreach (var q in Questions)
        {
            await addQuestion.HandleAsync(roundtableId, new OpenQuestionForm { Text = q }, ct);
        }
    }
}
