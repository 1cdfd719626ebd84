using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Latch.Server.Delivery.Email;

/// <summary>
/// One connection to an SMTP server: commands out, replies in (multi-line, RFC 5321 §4.2), and the switch to TLS —
/// at once for implicit TLS (RFC 8314 §3.3), or after STARTTLS (RFC 3207).
/// </summary>
internal sealed class SmtpConnection : IAsyncDisposable
{
    private const int MaxLine = 2048;      // RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; be lenient, not unbounded
    private const int MaxReplyLines = 100;

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[MaxLine];
    private Stream _stream;
    private int _start;
    private int _end;

    private SmtpConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<SmtpConnection> OpenAsync(string host, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct);
            return new SmtpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The name Latch greets with (EHLO): its own address as an address literal (RFC 5321 §4.1.3).</summary>
    public string AddressLiteral => _socket.LocalEndPoint is IPEndPoint { Address: var address }
        ? address.IsIPv4MappedToIPv6 ? $"[{address.MapToIPv4()}]"
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{address}]"
        : $"[{address}]"
        : "[127.0.0.1]";

    public async Task StartTlsAsync(SslClientAuthenticationOptions options, CancellationToken ct)
    {
        // RFC 3207 §5: anything the server sent after its 220 and before the handshake could be an injected command
        // reply; the plain-text buffer must be empty.
        if (_start != _end)
        {
            throw new SmtpFailureException("The SMTP server sent data before the TLS handshake.", retryable: false);
        }

        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(options, ct);
        _stream = tls;
    }

    /// <summary>Sends one command line and reads its reply.</summary>
    public async Task<SmtpReply> CommandAsync(string command, CancellationToken ct)
    {
        await WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct);
        return await ReadReplyAsync(ct);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await _stream.WriteAsync(data, ct);
        await _stream.FlushAsync(ct);
    }

    public async Task<SmtpReply> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(ct);
            // Reply-line = Reply-code [ SP / "-" textstring ] CRLF; "-" means more lines follow (RFC 5321 §4.2).
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code) || code < 200 || code > 599
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new SmtpFailureException($"The SMTP server sent something that is not an SMTP reply: '{Printable(line)}'.", retryable: false);
            }

            lines.Add(line.Length > 4 ? Printable(line[4..]) : "");
            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpReply(code, lines);
            }

            if (lines.Count >= MaxReplyLines)
            {
                throw new SmtpFailureException("The SMTP server sent a reply of too many lines.", retryable: false);
            }
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new SmtpFailureException("The SMTP server sent a reply line that is too long.", retryable: false);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
            {
                throw new IOException("The SMTP server closed the connection.");
            }

            _end += read;
        }
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
