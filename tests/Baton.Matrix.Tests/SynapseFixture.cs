namespace Baton.Matrix.Tests;

/// <summary>One real Synapse for the whole test assembly; each test registers its own users so tests don't see each other.</summary>
public sealed class SynapseFixture : IAsyncLifetime
{
    private static int _users;

    public SynapseServer Server { get; private set; } = null!;

    /// <summary>An admin user, for the rate-limit override.</summary>
    public MatrixTestUser Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await SynapseServer.StartAsync();
        Admin = await Server.RegisterAsync("admin", admin: true);
    }

    public Task<MatrixTestUser> NewUserAsync(string prefix) => Server.RegisterAsync($"{prefix}{Interlocked.Increment(ref _users)}");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SynapseCollection : ICollectionFixture<SynapseFixture>
{
    public const string Name = "synapse";
}
