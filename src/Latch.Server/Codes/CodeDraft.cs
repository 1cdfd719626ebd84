using Latch.Core.Codes;
using Latch.Server.Doors;
using Latch.Storage.Directory;

namespace Latch.Server.Codes;

/// <summary>
/// A code about to be drawn: holder, resource, format, window, limits, how it is delivered (and from when), and its
/// challenge (0: none), and the door's offline plan when the code is derived rather than drawn.
/// </summary>
internal sealed record CodeDraft(
    UserRecord User,
    ResourceRecord Resource,
    CodeFormat Format,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    int MaxUses,
    int MaxAttempts,
    string? Delivery,
    long ChallengePk,
    string? ChallengeId = null,
    DateTimeOffset? DeliverAt = null,
    OfflinePlan? Offline = null);
