using Latch.Core.Offline;

namespace Latch.Controller;

/// <summary>
/// What the keypad shows after a code: <see cref="Opened"/> or <see cref="Denied"/>. <see cref="Offline"/> is true when
/// the controller decided alone because Latch was unreachable.
/// </summary>
public abstract record KeypadResult
{
    private KeypadResult()
    {
    }

    public abstract bool Offline { get; init; }

    /// <summary>Open. Online, <paramref name="Holder"/> is the code's user; offline the controller knows only the code's reference.</summary>
    public sealed record Opened(string? Holder, bool Offline, OfflineCodeRef? Ref = null) : KeypadResult;

    /// <summary>Refused, with the reason (see <see cref="DenyReasons"/>, or Latch's own); <paramref name="LockedFor"/> when the keypad is now locked.</summary>
    public sealed record Denied(string Reason, bool Offline, OfflineCodeRef? Ref = null, TimeSpan? LockedFor = null, string? Policy = null) : KeypadResult;
}
