using System.Globalization;
using Dapper;
using Roundtable.Web.Infrastructure;

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

    private const string Sql = """
        SELECT id, title, subtitle, start_date, end_date, start_time, end_time, time_zone, venue,
               host_organization, sponsoring_program, purpose, status
        FROM roundtables WHERE id = @id
        """;

    public async Task<Row?> HandleAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { id }, cancellationToken: ct));
    }
}
