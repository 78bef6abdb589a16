using Roundtable.Web.Features.Invitations;
using Roundtable.Web.Features.Roundtables;

namespace Roundtable.Web.Features.EmailTemplates;

public sealed class EmailTemplateForm
{
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";

    /// <summary>The participant the preview is rendered for.</summary>
    public long? ParticipationId { get; set; }

    public EmailTemplateSource ToSource() => new() { Subject = Subject.Trim(), TextBody = TextBody, HtmlBody = HtmlBody };
}

/// <summary>Renders a template for one participant as they would receive it; the sample for validation too.</summary>
public sealed class PreviewEmailTemplate(GetRoundtable getRoundtable, ListInvitees invitees, InvitationComposer composer, EmailTemplateStore store, TimeProvider clock)
{
    public sealed record Preview(IReadOnlyList<FieldError> Errors, RenderedEmail? Email, string RecipientName);

    public async Task<Preview> HandleAsync(long roundtableId, string name, EmailTemplateForm form, CancellationToken ct)
    {
        var model = await SampleAsync(roundtableId, form.ParticipationId, name, ct);
        var errors = store.Validate(form.ToSource(), EmailPlaceholders.Get(name), model.Model);
        return new Preview(errors, errors.Count == 0 ? store.Compile(form.ToSource()).Render(model.Model) : null, model.Name);
    }

    public async Task<(IReadOnlyDictionary<string, object?> Model, string Name)> SampleAsync(long roundtableId, long? participationId, string name, CancellationToken ct)
    {
        var rt = (await getRoundtable.HandleAsync(roundtableId, ct))!;
        var all = await invitees.HandleAsync(roundtableId, ct);
        var who = all.FirstOrDefault(i => i.ParticipationId == participationId) ?? all.FirstOrDefault(i => i.Email is not null) ?? new Invitee
        {
            RoundtableId = roundtableId, FullName = "Alex Sample", NameInPrint = "Alex Sample", Surname = "Sample", Honorific = "Dr.",
            Email = "alex.sample@example.org", RoleList = "participant",
        };
        var model = composer.Model(rt, who, update: false, daysBefore: name == "reminder" ? 3 : 0);
        if (name == "report")
        {
            EmailModel.WithReport(model, ReportValues.SampleFor(rt, clock.GetUtcNow().UtcDateTime));
        }
        return (model, InvitationComposer.DisplayName(who));
    }
}

/// <summary>Saves an organizer's version of a template for one roundtable, refusing one that would fail at send time.</summary>
public sealed class SaveEmailTemplate(Db db, EmailTemplateStore store, PreviewEmailTemplate preview, TimeProvider clock)
{
    private const string Sql = """
        INSERT INTO email_templates (roundtable_id, name, subject, text_body, html_body, updated_at)
        VALUES (@roundtableId, @name, @Subject, @TextBody, @HtmlBody, @now)
        ON CONFLICT (roundtable_id, name) DO UPDATE SET subject = excluded.subject, text_body = excluded.text_body,
            html_body = excluded.html_body, updated_at = excluded.updated_at
        """;

    public async Task<Result<bool>> HandleAsync(long roundtableId, string name, EmailTemplateForm form, CancellationToken ct)
    {
        var source = form.ToSource();
        var (model, _) = await preview.SampleAsync(roundtableId, form.ParticipationId, name, ct);
        var errors = store.Validate(source, EmailPlaceholders.Get(name), model);
        if (errors.Count > 0)
        {
            return Result<bool>.Fail(errors);
        }
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Sql, new { roundtableId, name, source.Subject, source.TextBody, source.HtmlBody, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
        return Result<bool>.Success(true);
    }
}

/// <summary>Goes back to the default file for this roundtable.</summary>
public sealed class ResetEmailTemplate(Db db)
{
    public async Task<bool> HandleAsync(long roundtableId, string name, CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("DELETE FROM email_templates WHERE roundtable_id = @roundtableId AND name = @name",
            new { roundtableId, name }, cancellationToken: ct)) > 0;
    }
}
