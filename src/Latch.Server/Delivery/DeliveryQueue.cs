using Latch.Core.Codes;
using Latch.Core.Delivery;
using Latch.Server.Http;
using Latch.Storage.Deliveries;
using Latch.Storage.Directory;

namespace Latch.Server.Delivery;

/// <summary>Turns an issuance into a queued message (the sealed code; the address is read when it is sent) and wakes the dispatcher once it is stored.</summary>
internal sealed class DeliveryQueue(PayloadCipher cipher, DeliverySignal signal)
{
    public static DeliveryRecipient RecipientOf(UserRecord user) => new(user.Id, user.UserName, user.DisplayName, user.Email, user.Phone);

    /// <summary>The row to store with the code: the code sealed under the current ring key, bound to <paramref name="deliveryId"/>.</summary>
    public NewDelivery Prepare(string deliveryId, string method, ResourceRecord resource, PlainCode code, DateTimeOffset deliverAt)
    {
        var sealedCode = cipher.Seal(deliveryId, code);
        return new NewDelivery(deliveryId, method, resource.Id, resource.Name, sealedCode.KeyId, sealedCode.Nonce,
            sealedCode.Ciphertext, sealedCode.Tag, deliverAt.ToUnixMs());
    }

    /// <summary>Call after the message is committed.</summary>
    public void Wake() => signal.Notify();
}
