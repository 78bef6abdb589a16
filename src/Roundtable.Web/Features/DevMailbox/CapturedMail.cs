using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace Roundtable.Web.Features.DevMailbox;

/// <summary>Reads the messages the development SMTP catcher kept (one .eml file each, newest first).</summary>
public sealed partial class CapturedMail(MailSettings settings, IHostEnvironment env)
{
    public sealed class Summary
    {
        public string Name { get; init; } = "";
        public string From { get; init; } = "";
        public string To { get; init; } = "";
        public string Subject { get; init; } = "";
        public DateTimeOffset Date { get; init; }
        public long Size { get; init; }
    }

    public sealed record Part(int Index, string ContentType, string? FileName, long Size);

    public bool Enabled => settings.DevCatcher;

    private string Folder => DevMailCatcher.FolderOf(settings, env);

    [GeneratedRegex(@"^[0-9]{8}T[0-9]{13}-[0-9a-f]{32}\.eml$")]
    private static partial Regex FileName();

    public (IReadOnlyList<Summary> Messages, int Total) List(int limit)
    {
        if (!Directory.Exists(Folder))
        {
            return ([], 0);
        }
        var files = Directory.EnumerateFiles(Folder, "*.eml").Select(Path.GetFileName).Where(n => FileName().IsMatch(n!)).OrderDescending().ToList();
        var list = files.Take(limit).Select(n =>
        {
            var path = Path.Combine(Folder, n!);
            using var stream = File.OpenRead(path);
            var headers = HeaderList.Load(stream);
            var contentType = headers[HeaderId.ContentType] ?? "";
            return new Summary
            {
                Name = n!, From = headers[HeaderId.From] ?? "", To = headers[HeaderId.To] ?? "", Subject = Decode(headers[HeaderId.Subject]),
                Date = DateUtils.TryParse(headers[HeaderId.Date] ?? "", out var d) ? d : File.GetLastWriteTimeUtc(path),
                Size = new FileInfo(path).Length,
            };
        }).ToList();
        return (list, files.Count);
    }

    public MimeMessage? Load(string name)
    {
        if (!FileName().IsMatch(name) || !File.Exists(Path.Combine(Folder, name)))
        {
            return null;
        }
        return MimeMessage.Load(Path.Combine(Folder, name));
    }

    /// <summary>Every leaf part but the text and HTML bodies: attachments and the calendar invitation.</summary>
    public static IReadOnlyList<(Part Part, MimeEntity Entity)> Parts(MimeMessage message) =>
        message.BodyParts.Select((e, i) => (e, i))
            .Where(x => x.e is MimePart p && (p.IsAttachment || !(p.ContentType.IsMimeType("text", "plain") || p.ContentType.IsMimeType("text", "html"))))
            .Select(x => (new Part(x.i, x.e.ContentType.MimeType, (x.e as MimePart)!.FileName, Length(x.e)), x.e)).ToList();

    public int Clear()
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }
        var files = Directory.EnumerateFiles(Folder, "*.eml").Where(f => FileName().IsMatch(Path.GetFileName(f))).ToList();
        files.ForEach(File.Delete);
        return files.Count;
    }

    private static long Length(MimeEntity e)
    {
        using var s = new MemoryStream();
        (e as MimePart)?.Content?.DecodeTo(s);
        return s.Length;
    }

    private static string Decode(string? header) => header is null ? "" : MimeKit.Utils.Rfc2047.DecodeText(System.Text.Encoding.UTF8.GetBytes(header));
}
