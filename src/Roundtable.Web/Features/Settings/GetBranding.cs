namespace Roundtable.Web.Features.Settings;

/// <summary>The installation's branding (one row, migration 0081): what the report's cover and the mails' header show.</summary>
public sealed class GetBranding(Db db)
{
    public sealed class Row
    {
        public string InstitutionName { get; init; } = "";
        public string Colour { get; init; } = BrandingForm.DefaultColour;
        public byte[]? Logo { get; init; }
        public string? LogoType { get; init; }
        public bool Cover { get; init; }

        /// <summary>The logo as a data: address, for the edition (which carries everything it shows) and the settings page.</summary>
        public string? LogoDataUrl => Logo is { Length: > 0 } && LogoType is not null ? $"data:{LogoType};base64,{Convert.ToBase64String(Logo)}" : null;
    }

    private const string Sql = "SELECT institution_name, colour, logo, logo_type, cover FROM branding WHERE id = 1";

    public Task<Row> HandleAsync(CancellationToken ct) => ReadAsync(db, ct);

    /// <summary>The same read, for singletons (the mail template store) that cannot hold this scoped class.</summary>
    public static async Task<Row> ReadAsync(Db db, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, cancellationToken: ct)) ?? new Row();
    }
}
