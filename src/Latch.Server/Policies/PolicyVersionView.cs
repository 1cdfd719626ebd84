using System.Text.Json;
using Latch.Server.Http;
using Latch.Storage.Policies;

namespace Latch.Server.Policies;

/// <summary>One saved version of a policy: what changed, when, by whom, and the document as saved.</summary>
public sealed record PolicyVersionView(string PolicyId, int Version, string Change, DateTimeOffset ChangedAt, string ChangedBy, PolicyDocument Document)
{
    internal static PolicyVersionView Of(PolicyVersionRecord v) =>
        new(v.PolicyId, v.Version, v.Change, Instants.FromUnixMs(v.ChangedAt), v.ChangedBy,
            JsonSerializer.Deserialize(v.Document, LatchJson.Default.PolicyDocument) ?? new PolicyDocument());
}
