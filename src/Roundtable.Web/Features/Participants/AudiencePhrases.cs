using Roundtable.Web.Features.Attribution;

namespace Roundtable.Web.Features.Participants;

/// <summary>An audience phrase prints beside a name: it must not name anyone else who may not be named.</summary>
internal static class AudiencePhrases
{
    public static string Clean(string? phrase) => string.Join(' ', (phrase ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static async Task<string?> RefusalAsync(DbConnection conn, DbTransaction tx, long roundtableId, long personId, string? phrase, CancellationToken ct)
    {
        var text = Clean(phrase);
        if (text.Length == 0)
        {
            return null;
        }
        var people = (await ListSpeakers.LoadAsync(conn, tx, roundtableId, ct)).Where(s => !s.MayBeNamed && s.PersonId != personId).Select(s => s.ToProtected());
        var hit = new LeakCheck(people).Scan(new Passage("audience-phrase", "Audience phrase", text)).FirstOrDefault();
        return hit is null ? null
            : $"The audience phrase names {hit.Person.FullName} (“{hit.Term}”), who may not be named in this roundtable's report. Reword it.";
    }
}
