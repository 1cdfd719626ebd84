using Latch.Core.Directory;

namespace Latch.Storage.Directory;

// Rows of the directory tables. Public ids only leave the store; pk is internal. Times are Unix milliseconds.

public sealed class UserRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string UserName { get; init; }

    /// <summary>What the name is unique by (see <see cref="UserNames"/>).</summary>
    public string UserNameKey => UserNames.Key(UserName);

    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }

    /// <summary>The Latch role the person holds (admin, operator, auditor), or null.</summary>
    public string? Role { get; init; }

    /// <summary>User risk as set by an admin: none, low, medium or high.</summary>
    public string Risk { get; init; } = "none";

    /// <summary>The delivery method the person prefers, listed first in their challenges.</summary>
    public string? DefaultMethod { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class GroupRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class ResourceRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Sensitivity { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class DeviceRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? OwnerId { get; init; }
    public string? Platform { get; init; }
    public bool Compliant { get; init; }
    public string? Fingerprint { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class LocationRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary>JSON array of CIDR strings.</summary>
    public required string Cidrs { get; init; }
    public bool Trusted { get; init; }
    public long CreatedAt { get; init; }
}
