namespace Latch.Storage.Codes;

/// <summary>
/// A code to store: its tag under the current key, its binding, window and limits, the message that delivers it, if any,
/// and its offline reference when it was derived from the door's secret.
/// </summary>
public sealed record NewCode(
    string Id,
    long UserPk,
    string UserId,
    long ResourcePk,
    int KeyId,
    byte[] Tag,
    string Alphabet,
    int Length,
    long NotBefore,
    long NotAfter,
    int MaxUses,
    int MaxAttempts,
    string? Delivery,
    string CreatedBy,
    long ChallengePk = 0,
    Deliveries.NewDelivery? Queued = null,
    Doors.OfflineCodeRow? Offline = null);

/// <summary>The same code's tag under an older key, to rule out a collision with codes issued before a rotation.</summary>
public sealed record KeyTag(int KeyId, byte[] Tag);
