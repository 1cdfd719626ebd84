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
