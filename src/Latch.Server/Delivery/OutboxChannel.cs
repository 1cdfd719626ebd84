using System.Text;
using System.Text.Json;
using Latch.Server.Http;
using Latch.Server.Hosting;

namespace Latch.Server.Delivery;

/// <summary>
/// The development inbox: appends each delivered code as a JSON line to <c>{data}/outbox/outbox.jsonl</c> (mode 0600).
/// Enabled by <c>Delivery:Outbox:Enabled</c> (on in the demo), never meant for production recipients.
/// </summary>
internal sealed class OutboxChannel(string dataFolder) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FilePath { get; } = Path.Combine(dataFolder, "outbox", "outbox.jsonl");

    public async Task AppendAsync(OutboxMessage message, CancellationToken ct)
    {
        var line = JsonSerializer.Serialize(message, LatchJson.Default.OutboxMessage) + "\n";
        await _gate.WaitAsync(ct);
        try
        {
            DataFolder.Create(Path.GetDirectoryName(FilePath)!);
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using var stream = new FileStream(FilePath, options);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
