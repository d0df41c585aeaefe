using Baton.Testing;
using Baton.Testing.Synapse;

namespace Baton.EndToEnd.Tests.Matrix;

/// <summary>One real Synapse for the Matrix end-to-end tests; each test registers its own bot and people.</summary>
public sealed class SynapseE2EFixture : IAsyncLifetime
{
    private static int _n;

    public SynapseServer Server { get; private set; } = null!;

    public MatrixTestUser Admin { get; private set; } = null!;

    public static int Next() => Interlocked.Increment(ref _n);

    public async Task InitializeAsync()
    {
        Server = await SynapseServer.StartAsync();
        Admin = await Server.RegisterAsync("e2eadmin", admin: true);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SynapseE2ECollection : ICollectionFixture<SynapseE2EFixture>
{
    public const string Name = "synapse-e2e";
}
