using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Roundtable.Tests.Support;

/// <summary>
/// A real IMAP server for the reply-mailbox tests: Debian's Dovecot (package dovecot-imapd, installed by .ci/run),
/// started on a loopback port with a configuration, mailbox user and Maildir of its own in a temporary folder, and
/// stopped with the fixture.
/// </summary>
public sealed class ImapTestServer : IDisposable
{
    public const string User = "replies";
    public const string Password = "reply-secret";
    private const string Binary = "/usr/sbin/dovecot";

    private readonly Process process;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "roundtable-imap", Guid.NewGuid().ToString("N"));

    public int Port { get; }

    public ImapTestServer()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's dovecot-imapd (.ci/run does) to run the reply-mailbox tests.");
        }
        Port = FreePort();
        var mail = Path.Combine(Folder, "mail");
        foreach (var dir in new[] { "run", "state", "mail" })
        {
            Directory.CreateDirectory(Path.Combine(Folder, dir));
        }
        // As root Dovecot runs mail processes as its own user; as anyone else, as that user.
        var root = Environment.UserName == "root";
        var account = root ? "dovecot" : Environment.UserName;
        if (root)
        {
            Run("chown", $"-R dovecot:dovecot {mail}");
        }
        File.WriteAllText(Path.Combine(Folder, "users"), $"{User}:{{PLAIN}}{Password}\n");
        File.WriteAllText(Path.Combine(Folder, "dovecot.conf"), $$"""
            base_dir = {{Folder}}/run
            state_dir = {{Folder}}/state
            log_path = {{Folder}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{mail}}/%u
            first_valid_uid = 0
            {{(root ? "" : $"default_internal_user = {account}\ndefault_login_user = {account}\n")}}
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{Folder}}/users
            }
            userdb {
              driver = static
              args = uid={{account}} gid={{(root ? "dovecot" : account)}} home={{mail}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            namespace inbox {
              inbox = yes
              separator = /
            }
            """);
        process = Process.Start(new ProcessStartInfo(Binary, $"-F -c {Folder}/dovecot.conf")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited)
            {
                Thread.Sleep(100);
            }
            catch (SocketException)
            {
                var log = File.Exists(Path.Combine(Folder, "dovecot.log")) ? File.ReadAllText(Path.Combine(Folder, "dovecot.log")) : "";
                throw new InvalidOperationException($"Dovecot did not start: {process.StandardError.ReadToEnd()} {log}");
            }
        }
    }

    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        return client;
    }

    /// <summary>Puts a message in a folder as a mail server delivering it would.</summary>
    public async Task AppendAsync(MimeMessage message, string folder = "INBOX")
    {
        using var client = await ConnectAsync();
        var target = await client.GetFolderAsync(folder);
        await target.AppendAsync(message);
        await client.DisconnectAsync(true);
    }

    public async Task AppendAsync(string rawMessage, string folder = "INBOX")
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(rawMessage.Replace("\r\n", "\n").Replace("\n", "\r\n")));
        await AppendAsync(await MimeMessage.LoadAsync(stream), folder);
    }

    /// <summary>How many messages each folder holds, by name (INBOX, and the folders the app made).</summary>
    public async Task<Dictionary<string, int>> CountsAsync()
    {
        using var client = await ConnectAsync();
        var counts = new Dictionary<string, int>();
        foreach (var f in await client.GetFoldersAsync(client.PersonalNamespaces[0]))
        {
            await f.OpenAsync(FolderAccess.ReadOnly);
            counts[f.FullName] = f.Count;
            await f.CloseAsync();
        }
        await client.DisconnectAsync(true);
        return counts;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        finally
        {
            process.Dispose();
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(file, args);
        p.WaitForExit();
    }
}

/// <summary>The app with its reply mailbox on a Dovecot of its own; no Hangfire server: tests run the job directly.</summary>
public class InboxAppFactory : MailAppFactory
{
    public ImapTestServer Imap { get; } = new();

    protected override bool RunJobs => false;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Mail:Inbox:Host"] = "127.0.0.1";
            settings["Mail:Inbox:Port"] = Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Mail:Inbox:Security"] = "None";
            settings["Mail:Inbox:UserName"] = ImapTestServer.User;
            settings["Mail:Inbox:Password"] = ImapTestServer.Password;
            return settings;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Imap.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same with Hangfire running, so the watcher keeps its IDLE connection and queues the reading job.</summary>
public sealed class WatchedInboxAppFactory : InboxAppFactory
{
    protected override bool RunJobs => true;
}
