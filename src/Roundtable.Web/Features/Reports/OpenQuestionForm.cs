namespace Roundtable.Web.Features.Reports;

public sealed class OpenQuestionForm
{
    [Required(ErrorMessage = "Write the question."), StringLength(2000)]
    public string Text { get; set; } = "";
}
