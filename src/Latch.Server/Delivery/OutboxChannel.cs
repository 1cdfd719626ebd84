using System.Text;
using System.Text.Json;
using Latch.Server.Hosting;
using Latch.Server.Http;

namespace Latch.Server.Delivery;

/// <summary>
/// The development inbox: appends each delivered code as a JSON line to <c>{data}/outbox/outbox.jsonl</c> (mode 0600).
/// Available only with <c>Delivery:Outbox:Enabled</c> (on in the demo), never meant for production recipients.
/// </summary>
internal sealed class OutboxChannel(string dataFolder, TimeProvider clock) : IDeliveryChannel, IDisposable
{
    public const string Name = "outbox";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Method => Name;

    public string FilePath { get; } = Path.Combine(dataFolder, "outbox", "outbox.jsonl");

    // Anyone can be reached: the outbox is a file on the server.
    public string? CannotReach(DeliveryRecipient recipient) => null;

    public async Task<DeliveryOutcome> SendAsync(DeliveryMessage message, CancellationToken ct)
    {
        var line = new OutboxMessage(clock.GetUtcNow(), message.CodeId, message.Recipient.UserId, message.ResourceId, message.Code.Reveal(),
            message.NotBefore, message.NotAfter, message.DeliveryId);
        try
        {
            await AppendAsync(JsonSerializer.Serialize(line, LatchJson.Default.OutboxMessage) + "\n", ct);
            return new DeliveryOutcome.Sent(null);
        }
        catch (IOException e)
        {
            return new DeliveryOutcome.Failed($"The outbox file could not be written ({e.GetType().Name}).", Retryable: true);
        }
        catch (UnauthorizedAccessException)
        {
            return new DeliveryOutcome.Failed("The outbox file may not be written (permissions of the data folder).", Retryable: true);
        }
    }

    private async Task AppendAsync(string line, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            DataFolder.Create(Path.GetDirectoryName(FilePath)!);

            // Nodes sharing a data folder append one at a time, under an exclusive lock on a file beside the outbox:
            // FileMode.Append writes at the length the file had when it was opened, so two writers at once would
            // overwrite each other's line. Readers of the outbox never take the lock.
            await using var held = await LockAsync(ct);
            await using var stream = new FileStream(FilePath, Options(FileMode.Append, FileShare.Read));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The lock file held open exclusively (<c>flock</c> on Unix); another holder makes this wait, up to about a second.</summary>
    private async Task<FileStream> LockAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(FilePath + ".lock", Options(FileMode.OpenOrCreate, FileShare.None));
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                await Task.Delay(5, ct);
            }
        }
    }

    private const int LockAttempts = 200;

    private static FileStreamOptions Options(FileMode mode, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    public void Dispose() => _gate.Dispose();
}
