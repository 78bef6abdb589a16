namespace Roundtable.Web.Features.Settings;

public sealed class BrandingForm
{
    public const string DefaultColour = "#1f4e79";

    [StringLength(200), Display(Name = "Institution's name")]
    public string? InstitutionName { get; set; }

    [Required(ErrorMessage = "Choose the institution's colour."),
     RegularExpression("^#[0-9a-fA-F]{6}$", ErrorMessage = "The colour is a hex colour such as #1f4e79."), Display(Name = "Colour")]
    public string? Colour { get; set; } = DefaultColour;

    [Display(Name = "Print a cover on reports")]
    public bool Cover { get; set; }

    [Display(Name = "Logo (PNG or JPEG)")]
    public IFormFile? Logo { get; set; }

    [Display(Name = "Remove the logo")]
    public bool RemoveLogo { get; set; }
}
