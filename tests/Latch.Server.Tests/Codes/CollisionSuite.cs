using System.Security.Cryptography;
using Latch.Core.Codes;
using Latch.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Server.Tests.Codes;

/// <summary>With a scripted random source, the generator draws a value already active at the resource.</summary>
public abstract class CollisionSuite(string store) : StoreTest(store)
{
    private readonly ScriptedRandom _random = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(new CodeGenerator(_random));

    [Fact]
    public async Task A_value_active_at_the_resource_is_drawn_again_until_it_is_free()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");
        var app = await Api.CreateResourceAsync("Payroll", "app");

        _random.Enqueue(1, 6);
        var (_, first) = await Api.IssueAsync(user, door);
        _random.Enqueue(1, 6);
        _random.Enqueue(2, 6);
        var (_, second) = await Api.IssueAsync(user, door);
        _random.Enqueue(1, 6);
        var (_, elsewhere) = await Api.IssueAsync(user, app);

        Assert.Equal("111111", first);
        Assert.Equal("222222", second);
        Assert.Equal("111111", elsewhere); // another resource: the keypad there cannot confuse them
    }

    [Fact]
    public async Task A_used_value_is_free_again()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");

        _random.Enqueue(7, 6);
        var (_, first) = await Api.IssueAsync(user, door);
        Assert.Equal(200, (await Api.VerifyAsync(door, first)).Status);
        _random.Enqueue(7, 6);
        var (_, again) = await Api.IssueAsync(user, door);

        Assert.Equal(first, again);
        Assert.Equal(200, (await Api.VerifyAsync(door, again)).Status);
    }

    [Fact]
    public async Task Parallel_issuance_at_one_resource_never_hands_out_the_same_active_code_twice()
    {
        var user = await Api.CreateUserAsync("ada");
        var door = await Api.CreateResourceAsync("Front door");

        // Every request's first draw is 111111, so they race for one value; later draws are all different.
        _random.Enqueue(1, 6 * 6);
        for (byte digit = 2; digit <= 6; digit++)
        {
            _random.Enqueue(digit, 6);
        }

        var issued = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Api.IssueAsync(user, door, new { ttlSeconds = 3600 })));

        Assert.Equal(6, issued.Select(i => i.Code).Distinct().Count());
        Assert.Single(issued, i => i.Code == "111111");
    }

    private sealed class ScriptedRandom : RandomNumberGenerator
    {
        private readonly Queue<byte> _bytes = new();

        public void Enqueue(byte value, int count)
        {
            lock (_bytes)
            {
                for (var i = 0; i < count; i++)
                {
                    _bytes.Enqueue(value);
                }
            }
        }

        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());

        public override void GetBytes(Span<byte> data)
        {
            lock (_bytes)
            {
                for (var i = 0; i < data.Length; i++)
                {
                    data[i] = _bytes.Count > 0 ? _bytes.Dequeue() : (byte)9;
                }
            }
        }
    }
}

public sealed class SqliteCollision() : CollisionSuite("sqlite");

public sealed class PostgresCollision() : CollisionSuite("postgres");
