using Latch.Server.Authenticators;
using Latch.Server.Delivery;
using Latch.Server.Delivery.Push;
using Latch.Storage;
using Latch.Storage.Directory;
using Microsoft.Extensions.Options;

namespace Latch.Server.Access;

/// <summary>
/// The methods a challenge offers (SPEC "Delivery"): only those this server has configured and that can reach this
/// person (an email channel needs an address, sms a phone number, totp an active authenticator), with the person's
/// default method first.
/// </summary>
internal sealed class ChallengeMethods(DeliveryChannels channels, ILatchStore store, IOptions<PushOptions> push)
{
    public static readonly string[] Known = ["outbox", "email", "sms", "push", "totp"];

    public async Task<IReadOnlyList<string>> ForAsync(UserRecord user, CancellationToken ct)
    {
        var methods = channels.MethodsFor(DeliveryQueue.RecipientOf(user)).ToList();
        if (push.Value.Enabled)
        {
            methods.Add("push");
        }

        if (await store.HasActiveAuthenticatorAsync(user.Pk, TotpVerifier.Method, ct))
        {
            methods.Add(TotpVerifier.Method);
        }

        if (user.DefaultMethod is { } preferred && methods.Remove(preferred))
        {
            methods.Insert(0, preferred);
        }

        return methods;
    }
}
