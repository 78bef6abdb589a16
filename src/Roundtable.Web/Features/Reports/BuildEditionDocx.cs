namespace Roundtable.Web.Features.Reports;

/// <summary>An edition as a Word document for the publications office, made from the edition's stored HTML (<see cref="EditionDocx"/>).</summary>
public sealed class BuildEditionDocx(GetEdition get)
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<byte[]?> HandleAsync(long roundtableId, int number, CancellationToken ct) =>
        await get.HandleAsync(roundtableId, number, ct) is { } edition ? EditionDocx.FromHtml(edition.Html) : null;
}
