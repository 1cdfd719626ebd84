namespace Latch.Storage.Access;

/// <summary>A stored API key: never the key itself, only its hash (see <c>ApiKeySecret</c>).</summary>
public sealed class ApiKeyRecord
{
    public long Pk { get; init; }
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public long CreatedAt { get; init; }
    public long? RevokedAt { get; init; }

    /// <summary>The door controller a device key belongs to (null for every other key).</summary>
    public string? ControllerId { get; init; }

    /// <summary>That controller's door.</summary>
    public string? ControllerDoorId { get; init; }

    /// <summary>
    /// The internal key of the resource a device key made with <c>POST /v1/api-keys</c> is bound to; null for every other
    /// key, and for device keys created before bindings existed. Inserts write it; reads also carry the public id below.
    /// </summary>
    public long? ResourcePk { get; init; }

    /// <summary>That resource's public id (read back only).</summary>
    public string? ResourceId { get; init; }
}
