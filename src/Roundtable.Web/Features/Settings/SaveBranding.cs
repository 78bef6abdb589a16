namespace Roundtable.Web.Features.Settings;

/// <summary>
/// Saves the installation's branding. The logo is accepted only as a PNG or JPEG of at most <see cref="MaxLogoBytes"/>,
/// recognised by its first bytes, not by its name or the browser's word: it is printed into every report and shown in
/// every mail. SVG is refused rather than sanitized (a drawing can carry script, links and fetched images).
/// </summary>
public sealed class SaveBranding(Db db, TimeProvider clock)
{
    public const int MaxLogoBytes = 512 * 1024;

    private const string Sql = """
        UPDATE branding SET institution_name = @name, colour = @colour, cover = @cover,
            logo = CASE WHEN @keepLogo THEN logo ELSE @logo END, logo_type = CASE WHEN @keepLogo THEN logo_type ELSE @logoType END,
            updated_at = @now, updated_by_user_id = @userId
        WHERE id = 1
        """;

    public async Task<Result<bool>> HandleAsync(BrandingForm f, long userId, CancellationToken ct)
    {
        byte[]? logo = null;
        string? logoType = null;
        if (f.Logo is { Length: > 0 } file)
        {
            if (file.Length > MaxLogoBytes)
            {
                return Result<bool>.Fail(nameof(f.Logo), $"The logo is {file.Length / 1024.0:N0} KB; the most a logo may be is {MaxLogoBytes / 1024} KB. Save it smaller and upload it again.");
            }
            await using var stream = file.OpenReadStream();
            using var copy = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(copy, ct);
            logo = copy.ToArray();
            logoType = ImageType(logo);
            if (logoType is null)
            {
                return Result<bool>.Fail(nameof(f.Logo), LooksLikeSvg(logo)
                    ? "SVG logos are not accepted: a drawing can carry script and links. Upload the logo as a PNG or JPEG."
                    : $"“{file.FileName}” is not a PNG or JPEG image. Upload the logo as a PNG or JPEG.");
            }
        }
        var keepLogo = logo is null && !f.RemoveLogo;
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Sql, new
        {
            name = (f.InstitutionName ?? "").Trim(), colour = (f.Colour ?? BrandingForm.DefaultColour).ToLowerInvariant(), cover = f.Cover,
            keepLogo, logo, logoType, now = clock.GetUtcNow().UtcDateTime, userId,
        }, cancellationToken: ct));
        return Result<bool>.Success(true);
    }

    /// <summary>The content type of a PNG or JPEG by its signature, or null.</summary>
    public static string? ImageType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;

    private static bool LooksLikeSvg(byte[] bytes)
    {
        var head = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 1024));
        return head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
