using Dapper;
using Roundtable.Tests.Support;
using Roundtable.Web.Features.People;
using Roundtable.Web.Infrastructure;

namespace Roundtable.Tests.Features.People;

public sealed class ImportPeopleTests(AppFactory app) : IClassFixture<AppFactory>
{
    // An administrator, who may update anyone in the directory (what an organizer may is in AuthorizationTests).
    private static readonly System.Security.Claims.ClaimsPrincipal Admin =
        Roundtable.Web.Features.Account.SignIn.ToPrincipal(new() { Id = 0, Role = Roles.Organizer, IsAdministrator = true });

    private Task<ImportPeople.Preview> PreviewAsync(string csv) => app.Run<ImportPeople, ImportPeople.Preview>(i => i.PreviewAsync(Admin, csv, CancellationToken.None));

    private Task<Result<ImportPeople.Preview>> ImportAsync(string csv) => app.Run<ImportPeople, Result<ImportPeople.Preview>>(i => i.HandleAsync(Admin, csv, CancellationToken.None));

    private async Task<long> CountAsync(string emailLike)
    {
        await using var conn = await app.Db.OpenAsync();
        return await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE LOWER(email) LIKE @emailLike", new { emailLike });
    }

    [Fact]
    public async Task Broken_rows_are_listed_with_reasons_and_nothing_is_imported()
    {
        const string csv = """
            full_name,email,affiliation
            Ada Byron,ada@imp1.example.org,Analytical Society
            ,nobody@imp1.example.org,No Name Org
            Charles Babbage,not-an-email,Difference Ltd
            Mary Somerville,mary@imp1.example.org,Royal Society,extra field
            Ada Again,ADA@imp1.example.org,Duplicate
            """;
        var preview = await PreviewAsync(csv);
        Assert.Null(preview.FileError);
        Assert.False(preview.CanImport);
        Assert.Equal(4, preview.ErrorCount);
        Assert.Equal(ImportPeople.RowAction.New, preview.Rows[0].Action);
        Assert.Contains(preview.Rows[1].Errors, e => e.Contains("full name is required", StringComparison.Ordinal));
        Assert.Contains(preview.Rows[2].Errors, e => e.Contains("valid email", StringComparison.Ordinal));
        Assert.Contains(preview.Rows[3].Errors, e => e.Contains("4 fields; the header has 3", StringComparison.Ordinal));
        Assert.Contains(preview.Rows[4].Errors, e => e.Contains("already on line 2", StringComparison.Ordinal));

        var result = await ImportAsync(csv);
        Assert.False(result.Ok);
        Assert.Equal(0, await CountAsync("%@imp1.example.org"));
    }

    [Fact]
    public async Task Importing_the_same_emails_again_updates_instead_of_duplicating()
    {
        const string first = """
            honorific,full_name,name_in_print,short_names,position,affiliation,email,biography
            Dr.,William Henry Gates,Bill Gates,Bill,Chair,Foundation One,bill@imp2.example.org,First bio.
            Prof.,Grace Brewster Hopper,Grace Hopper,,Rear Admiral,Navy Lab,grace@imp2.example.org,Compiler pioneer.
            """;
        Assert.True((await ImportAsync(first)).Ok);
        Assert.Equal(2, await CountAsync("%@imp2.example.org"));

        // Second file: different case in the email, a changed position, and no biography column (so biographies stay).
        const string second = """
            full_name,email,position
            William Henry Gates,BILL@IMP2.example.org,Retired
            Alan Turing,alan@imp2.example.org,Fellow
            """;
        var preview = await PreviewAsync(second);
        Assert.Equal([ImportPeople.RowAction.Update, ImportPeople.RowAction.New], preview.Rows.Select(r => r.Action));
        Assert.True((await ImportAsync(second)).Ok);
        Assert.Equal(3, await CountAsync("%@imp2.example.org"));

        await using var conn = await app.Db.OpenAsync();
        var bill = await conn.QuerySingleAsync<(string Position, string Biography, string NameInPrint)>(
            "SELECT position, biography, name_in_print FROM people WHERE email_normalized = 'BILL@IMP2.EXAMPLE.ORG'");
        Assert.Equal("Retired", bill.Position);
        Assert.Equal("First bio.", bill.Biography);
        Assert.Equal("Bill Gates", bill.NameInPrint);
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_as_a_whole()
    {
        var preview = await PreviewAsync("name_only\nSomebody\n");
        Assert.NotNull(preview.FileError);
        Assert.Contains("full_name and email", preview.FileError);
        Assert.False(preview.CanImport);
    }

    [Fact]
    public async Task Semicolon_separated_files_and_quoted_fields_are_read()
    {
        const string csv = "full_name;email;biography\n\"Hakim, Peter\";peter@imp3.example.org;\"Led the \"\"Dialogue\"\"; wrote books.\"\n";
        var preview = await PreviewAsync(csv);
        Assert.True(preview.CanImport, string.Join("; ", preview.Rows.SelectMany(r => r.Errors)));
        Assert.Equal("Hakim, Peter", preview.Rows[0].RawName);
        Assert.Equal("Led the \"Dialogue\"; wrote books.", preview.Rows[0].Values!.Biography);
    }

    [Fact]
    public void Print_names_are_derived_when_left_empty()
    {
        var v = PersonValues.From(new PersonForm { FullName = "  James   Earl Carter Jr. ", NameInPrint = "Jimmy Carter" });
        Assert.Equal("James Earl Carter Jr.", v.FullName);
        Assert.Equal("Carter", v.Surname);
        Assert.Equal("Carter, Jimmy", v.SortName);
        var plain = PersonValues.From(new PersonForm { FullName = "Ada Lovelace", Email = " Ada@Example.org " });
        Assert.Equal("Ada Lovelace", plain.NameInPrint);
        Assert.Equal("Lovelace, Ada", plain.SortName);
        Assert.Equal("Ada@Example.org", plain.Email);
        Assert.Equal("ADA@EXAMPLE.ORG", plain.EmailNormalized);
    }
}
