using System.Globalization;

namespace Roundtable.Web.Features.Roundtables;

public sealed class GetRoundtable(Db db)
{
    public sealed class Row
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string Subtitle { get; init; } = "";
        public string StartDate { get; init; } = "";
        public string EndDate { get; init; } = "";
        public string StartTime { get; init; } = "";
        public string EndTime { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public string Venue { get; init; } = "";
        public string HostOrganization { get; init; } = "";
        public string SponsoringProgram { get; init; } = "";
        public string Purpose { get; init; } = "";
        public string Status { get; init; } = "";

        public DateOnly Start => DateOnly.ParseExact(StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        public DateOnly End => DateOnly.ParseExact(EndDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        public string DateText => Start == End
            ? Start.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture)
            : $"{Start.ToString("d MMMM", CultureInfo.InvariantCulture)} – {End.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";

        public RoundtableForm ToForm() => new()
        {
            Title = Title, Subtitle = Subtitle, StartDate = Start, EndDate = End == Start ? null : End,
            StartTime = TimeOnly.ParseExact(StartTime, "HH:mm", CultureInfo.InvariantCulture),
            EndTime = TimeOnly.ParseExact(EndTime, "HH:mm", CultureInfo.InvariantCulture),
            TimeZone = TimeZone, Venue = Venue, HostOrganization = HostOrganization, SponsoringProgram = SponsoringProgram,
            Purpose = Purpose, Status = Status,
        };
    }

    /// <summary>The row's columns, of <c>roundtables r</c>, id first.</summary>
    public const string Columns = """
        r.id, r.title, r.subtitle, r.start_date, r.end_date, r.start_time, r.end_time, r.time_zone, r.venue,
               r.host_organization, r.sponsoring_program, r.purpose, r.status
        """;

    private const string Sql = "SELECT " + Columns + " FROM roundtables r WHERE r.id = @id";

    private Row? remembered;

    public async Task<Row?> HandleAsync(long id, CancellationToken ct)
    {
        if (remembered?.Id == id)
        {
            return remembered;
        }
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// The row read with the access check of a GET request (<see cref="RequireRoundtableAttribute"/>): this request's
    /// page header, panels and view components take it from here instead of reading it again (it was read up to three
    /// times a page). Only for GET and HEAD, which change nothing: a request that writes reads the row anew after its
    /// own write. The instance lives for one request (use cases are scoped), so nothing outlives it.
    /// </summary>
    public void Remember(Row row) => remembered = row;
}
