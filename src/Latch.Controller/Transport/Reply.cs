namespace Latch.Controller.Transport;

/// <summary>
/// The outcome of one call to Latch: an answer, Latch <see cref="Unreachable"/> (no connection, a timeout, a 5xx, an
/// untrusted server certificate — the controller then works offline), or <see cref="Refused"/> (Latch answered and
/// will not serve this controller: 401, 403 <c>latch.door.notYourDoor</c>, another 4xx).
/// </summary>
public abstract record Reply<T>
{
    private Reply()
    {
    }

    public sealed record Answered(T Value) : Reply<T>;

    public sealed record Unreachable(string Why) : Reply<T>;

    public sealed record Refused(int Status, string? Code) : Reply<T>
    {
        public override string ToString() => Code is null ? $"HTTP {Status}" : $"HTTP {Status} {Code}";
    }
}
