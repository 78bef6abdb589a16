using Roundtable.Web.Features.Account;
using Roundtable.Web.Features.Agenda;
using Roundtable.Web.Features.Participants;
using Roundtable.Web.Features.People;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.Demo;

/// <summary>
/// A fictional roundtable written for the demo (every person and organization is invented), created through
/// the same use cases an organizer uses, once: a second start finds the accounts and does nothing.
/// </summary>
public sealed class SeedDemo(
    Db db, CreateAccount createAccount, CreatePerson createPerson, CreateRoundtable createRoundtable,
    AddParticipant addParticipant, CreatePresentation createPresentation, SeedDemoProceedings seedProceedings, SeedDemoReport seedReport,
    SeedDemoFollowUp seedFollowUp)
{
    public static readonly string[] AccountEmails = ["voss@meridian.example.org", "okafor@meridian.example.org", "lindqvist@meridian.example.org"];

    private sealed record DemoPerson(string Key, PersonForm Form, string[] Roles, bool Named, bool Bio, bool Attended, string Invitation);

    private static DemoPerson P(string key, string honorific, string fullName, string? inPrint, string? shortNames, string position,
        string affiliation, string? email, string bio, string[] roles, bool named = true, bool bioInReport = false, bool attended = true) =>
        new(key, new PersonForm
        {
            Honorific = honorific, FullName = fullName, NameInPrint = inPrint, ShortNames = shortNames, Position = position,
            Affiliation = affiliation, Email = email, Biography = bio,
            // The ambassador's first mention in the proceedings prints his full name; later ones the name he goes by.
            FirstMentionName = key == "whitcombe" ? fullName : null,
        }, roles, named, bioInReport, attended, "accepted");

    private static readonly DemoPerson[] People =
    [
        P("voss", "Dr.", "Eleanor Margaret Voss", "Eleanor Voss", null, "Director", "Meridian Institute for Strategic Studies", AccountEmails[0],
            "Dr. Eleanor Voss directs the Meridian Institute for Strategic Studies. She previously led the Institute's program on maritime security and has written widely on alliance politics in northern Europe.",
            ["organizer", "director"]),
        P("okafor", "Col.", "Martin Chidi Okafor", "Martin Okafor", "Marty", "Professor of Military Strategy", "Northern Command Staff College", AccountEmails[1],
            "Colonel Martin Okafor teaches military strategy at the Northern Command Staff College. A former logistics officer, he has served two tours in Alaska and one at allied headquarters in Norway.",
            ["organizer", "rapporteur", "participant"]),
        P("lindqvist", "Dr.", "Hannah Lindqvist", null, null, "Senior Research Fellow", "Meridian Institute for Strategic Studies", AccountEmails[2],
            "Dr. Hannah Lindqvist is a senior research fellow at the Meridian Institute, where she studies environmental change and regional security. She holds a doctorate in geography.",
            ["rapporteur"]),
        P("whitcombe", "Ambassador", "Peter James Whitcombe", "Peter Whitcombe", null, "Former Ambassador for Polar Affairs", "Council on Northern Affairs", "p.whitcombe@cna.example.org",
            "Ambassador Peter Whitcombe served for thirty years in the diplomatic service, most recently as ambassador for polar affairs. He now chairs the Council on Northern Affairs.",
            ["keynote", "presenter"], bioInReport: true),
        P("nwosu", "Dr.", "Amara Nwosu", null, null, "Associate Professor of International Law", "Eastbridge University", "anwosu@eastbridge.example.edu",
            "Dr. Amara Nwosu teaches the law of the sea at Eastbridge University and has advised several coastal states on continental shelf submissions.",
            ["presenter"], bioInReport: true),
        P("harlan", "Prof.", "James Robert Harlan", "James Harlan", "Jim", "Professor of Political Science", "Westfield College", "jharlan@westfield.example.edu",
            "Professor James Harlan writes on great-power competition and nuclear strategy.",
            ["presenter", "participant"], named: false),
        P("reyes", "Dr.", "Sofia Reyes-Martin", null, null, "Research Director", "Polar Peoples Policy Center", "sreyes@pppc.example.org",
            "Dr. Sofia Reyes-Martin leads research on indigenous governance and security at the Polar Peoples Policy Center.",
            ["presenter"], bioInReport: true),
        P("eriksen", "Cmdr.", "Lars Eriksen", null, null, "Deputy Head, Search and Rescue Coordination", "Coastal Guard Service", "l.eriksen@coastal.example.org",
            "Commander Lars Eriksen coordinates search and rescue operations across a maritime region larger than western Europe.",
            ["presenter"], bioInReport: true),
        P("tanaka", "Dr.", "Mei Tanaka", null, null, "Fellow", "Pacific Rim Security Forum", "mtanaka@prsf.example.org",
            "Dr. Mei Tanaka studies how non-Arctic states take part in Arctic governance.",
            ["presenter", "participant"]),
        P("goldberg", "", "Rachel Goldberg", null, null, "Policy Analyst", "Office of Strategic Planning", "rgoldberg@osp.example.gov",
            "Rachel Goldberg analyses northern security policy for a government planning office.",
            ["participant"], named: false),
        P("kowalczyk", "Dr.", "Tomasz Kowalczyk", null, null, "Senior Fellow", "Baltic Security Institute", "t.kowalczyk@bsi.example.org",
            "Dr. Tomasz Kowalczyk works on deterrence and reassurance on NATO's northern flank.",
            ["participant"], bioInReport: true),
        P("tate", "Gen. (ret.)", "William Tate", null, "Bill", "Senior Adviser", "Harbor Strategy Group", "btate@harbor.example.com",
            "General (retired) William Tate commanded allied forces in the north before joining the Harbor Strategy Group.",
            ["participant"]),
        P("rahman", "", "Aisha Rahman", null, null, "Graduate Student", "Eastbridge University", null,
            "Aisha Rahman is writing a thesis on Arctic shipping.",
            ["observer"], named: false),
        P("solberg", "", "Ingrid Solberg", null, null, "Northern Affairs Correspondent", "The Harbor Review", "isolberg@harbor-review.example.com",
            "Ingrid Solberg reports on the Arctic for The Harbor Review.",
            ["observer"]),
    ];

    private sealed record DemoPresentation(string Title, string Start, string End, string[] Presenters, bool Named, string[] Rapporteurs);

    private static readonly DemoPresentation[] Agenda =
    [
        new("The Changing Strategic Geography of the Arctic", "09:15", "10:15", ["whitcombe"], true, ["okafor"]),
        new("Sea Ice, Shipping Lanes and the Law of the Sea", "10:30", "11:30", ["nwosu"], true, ["lindqvist"]),
        new("Great-Power Competition above the Arctic Circle", "11:30", "12:30", ["harlan"], false, ["okafor"]),
        new("Indigenous Communities and the Making of Security Policy", "13:30", "14:30", ["reyes"], true, ["lindqvist"]),
        new("Search, Rescue and the Limits of Cooperation", "14:30", "15:30", ["eriksen"], true, ["okafor"]),
        new("Where Cooperation Can Still Work", "15:45", "16:45", ["tanaka"], true, ["lindqvist"]),
    ];

    private const string AnyUserSql = "SELECT COUNT(*) FROM users";

    /// <returns>true when the demo was created now; false when accounts already existed.</returns>
    public async Task<bool> HandleAsync(string password, CancellationToken ct)
    {
        await using (var conn = await db.OpenAsync(ct))
        {
            if (await conn.ExecuteScalarAsync<long>(new CommandDefinition(AnyUserSql, cancellationToken: ct)) > 0)
            {
                return false;
            }
        }
        var personIds = new Dictionary<string, long>();
        foreach (var p in People)
        {
            personIds[p.Key] = Must(await createPerson.HandleAsync(p.Form, ct));
        }
        var organizer = Must(await createAccount.HandleAsync(new AccountForm
        {
            Email = AccountEmails[0], DisplayName = "Eleanor Voss", Role = Roles.Administrator, Password = password, PersonId = personIds["voss"],
        }, ct));
        var okafor = Must(await createAccount.HandleAsync(new AccountForm
        {
            Email = AccountEmails[1], DisplayName = "Martin Okafor", Role = Roles.Rapporteur, Password = password, PersonId = personIds["okafor"],
        }, ct));
        var lindqvist = Must(await createAccount.HandleAsync(new AccountForm
        {
            Email = AccountEmails[2], DisplayName = "Hannah Lindqvist", Role = Roles.Rapporteur, Password = password, PersonId = personIds["lindqvist"],
        }, ct));

        var roundtableId = await createRoundtable.HandleAsync(new RoundtableForm
        {
            Title = "Cooperation and Competition in the High North",
            Subtitle = "Security, Law and Communities in a Warming Arctic",
            StartDate = new DateOnly(2026, 10, 14),
            StartTime = new TimeOnly(9, 0),
            EndTime = new TimeOnly(17, 0),
            TimeZone = "America/New_York",
            Venue = "Harbor Conference Center, Portland, Maine",
            HostOrganization = "Meridian Institute for Strategic Studies",
            SponsoringProgram = "Program on Northern Security",
            Purpose = "To bring together diplomats, scholars, military officers and community researchers to examine whether the Arctic can remain a region of cooperation as competition among the great powers grows, and to identify what policy makers should do next.",
            Status = "proceedings",
        }, organizer, ct);

        var participationIds = new Dictionary<string, long>();
        foreach (var p in People)
        {
            participationIds[p.Key] = Must(await addParticipant.HandleAsync(roundtableId, new ParticipantForm
            {
                PersonId = personIds[p.Key], Roles = [.. p.Roles], MayBeNamed = p.Named, BiographyInReport = p.Bio,
                AudiencePhrase = p.Key == "solberg" ? "of The Harbor Review" : null,
                Attended = p.Attended, InvitationStatus = p.Invitation,
            }, ct));
        }
        var presentationIds = new List<long>();
        foreach (var a in Agenda)
        {
            presentationIds.Add(Must(await createPresentation.HandleAsync(roundtableId, new PresentationForm
            {
                Title = a.Title,
                StartTime = TimeOnly.Parse(a.Start, System.Globalization.CultureInfo.InvariantCulture),
                EndTime = TimeOnly.Parse(a.End, System.Globalization.CultureInfo.InvariantCulture),
                PresenterIds = a.Presenters.Select(k => participationIds[k]).ToList(),
                PresenterNamed = a.Named,
                RapporteurIds = a.Rapporteurs.Select(k => participationIds[k]).ToList(),
            }, ct)));
        }
        await seedProceedings.HandleAsync(roundtableId, presentationIds, participationIds, [okafor, lindqvist], organizer, ct);
        await seedReport.HandleAsync(roundtableId, participationIds["voss"], organizer, ct);
        await seedFollowUp.HandleAsync(roundtableId, organizer, ct);
        return true;
    }

    private static T Must<T>(Result<T> result) =>
        result.Ok ? result.Value! : throw new InvalidOperationException("Demo data is invalid: " + string.Join("; ", result.Errors.Select(e => e.Message)));
}
