namespace Roundtable.Web.Features.Agenda;

/// <summary>
/// The printed label of a presentation, derived from its place in the agenda every time it is shown
/// ("Initial Presentation", "Second Presentation", … "Final Presentation"), so it can never go stale.
/// </summary>
public static class PresentationLabels
{
    /// <param name="index">Zero-based place in the agenda.</param>
    /// <param name="count">Number of presentations in the agenda.</param>
    public static string For(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        if (count == 1)
        {
            return "Presentation";
        }
        if (index == 0)
        {
            return "Initial Presentation";
        }
        if (index == count - 1)
        {
            return "Final Presentation";
        }
        return Ordinals.Word(index + 1) + " Presentation";
    }
}

/// <summary>English ordinal words in title case: 2 → "Second", 21 → "Twenty-First", 100 → "One Hundredth".</summary>
public static class Ordinals
{
    private static readonly string[] Units =
        ["", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
         "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"];

    private static readonly string[] UnitOrdinals =
        ["", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth",
         "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth"];

    private static readonly string[] Tens = ["", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"];

    private static readonly string[] TenOrdinals =
        ["", "", "Twentieth", "Thirtieth", "Fortieth", "Fiftieth", "Sixtieth", "Seventieth", "Eightieth", "Ninetieth"];

    public static string Word(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 999_999);
        if (n >= 1000)
        {
            var thousands = Cardinal(n / 1000) + " Thousand";
            return n % 1000 == 0 ? thousands + "th" : thousands + " " + Word(n % 1000);
        }
        if (n >= 100)
        {
            var hundreds = Units[n / 100] + " Hundred";
            return n % 100 == 0 ? hundreds + "th" : hundreds + " " + Word(n % 100);
        }
        if (n < 20)
        {
            return UnitOrdinals[n];
        }
        return n % 10 == 0 ? TenOrdinals[n / 10] : Tens[n / 10] + "-" + UnitOrdinals[n % 10];
    }

    private static string Cardinal(int n)
    {
        if (n >= 100)
        {
            var hundreds = Units[n / 100] + " Hundred";
            return n % 100 == 0 ? hundreds : hundreds + " " + Cardinal(n % 100);
        }
        if (n < 20)
        {
            return Units[n];
        }
        return n % 10 == 0 ? Tens[n / 10] : Tens[n / 10] + "-" + Units[n % 10];
    }
}
