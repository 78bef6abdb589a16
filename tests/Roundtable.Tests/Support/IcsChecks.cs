using System.Text;
using Ical.Net;

namespace Roundtable.Tests.Support;

/// <summary>
/// What a calendar client needs of an invitation's .ics (RFC 5545 and 5546, and what Outlook insists on), checked the
/// same way on what <c>CalendarInvite.Build</c> returns and on the calendar part a recipient really received.
/// </summary>
public static class IcsChecks
{
    /// <summary>CRLF line ends only, the last line ended too, and no line longer than 75 octets (longer ones folded).</summary>
    public static void AssertLines(string ics)
    {
        Assert.DoesNotContain("\n", ics.Replace("\r\n", ""));
        Assert.DoesNotContain("\r", ics.Replace("\r\n", ""));
        Assert.EndsWith("\r\n", ics);
        Assert.All(ics.Split("\r\n"), l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
    }

    /// <summary>
    /// A request (METHOD:REQUEST) asking <paramref name="attendee"/> to answer (RSVP=TRUE), whose times are in UTC or in
    /// a zone the calendar defines with its STANDARD rules, and DAYLIGHT ones where the zone has summer time.
    /// </summary>
    public static Calendar AssertRequest(string ics, string attendee)
    {
        var lines = Unfold(ics);
        Assert.Contains("METHOD:REQUEST", lines);
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal) && l.Contains("RSVP=TRUE") && l.EndsWith(":mailto:" + attendee, StringComparison.Ordinal));

        var calendar = Calendar.Load(ics)!;
        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        foreach (var time in new[] { e.DtStart!, e.DtEnd! })
        {
            if (time.IsUtc)
            {
                continue;
            }
            Assert.NotNull(time.TzId);
            var zone = Assert.Single(calendar.TimeZones, z => z.TzId == time.TzId);
            var kinds = zone.TimeZoneInfos.Select(i => i.Name).ToList();
            Assert.Contains("STANDARD", kinds);
            if (TimeZoneInfo.FindSystemTimeZoneById(time.TzId).SupportsDaylightSavingTime)
            {
                Assert.Contains("DAYLIGHT", kinds);
            }
        }
        return calendar;
    }

    public static List<string> Unfold(string ics) => ics.Replace("\r\n ", "").Split("\r\n").ToList();
}
