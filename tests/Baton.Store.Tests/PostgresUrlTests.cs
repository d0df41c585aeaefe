using Baton.Store.Postgres;
using Npgsql;

namespace Baton.Store.Tests;

public sealed class PostgresUrlTests
{
    private static NpgsqlConnectionStringBuilder Read(string url, string? password = null) => new(PostgresUrl.Parse(url, password).ConnectionString);

    [Fact]
    public void A_full_url_becomes_host_port_user_database_and_options()
    {
        var parsed = Read("postgres://baton@db.example.com:6543/queue?sslmode=verify-full&application_name=node-2&connect_timeout=7");

        parsed.Host.ShouldBe("db.example.com");
        parsed.Port.ShouldBe(6543);
        parsed.Username.ShouldBe("baton");
        parsed.Database.ShouldBe("queue");
        parsed.SslMode.ShouldBe(SslMode.VerifyFull);
        parsed.ApplicationName.ShouldBe("node-2");
        parsed.Timeout.ShouldBe(7);
        parsed.Password.ShouldBeNull();
    }

    [Fact]
    public void Defaults_are_port_5432_and_a_database_named_after_the_user()
    {
        var parsed = Read("postgresql://ops@10.0.0.5");

        parsed.Port.ShouldBe(5432);
        parsed.Database.ShouldBe("ops");
    }

    [Fact]
    public void The_password_from_the_environment_wins_over_one_in_the_url_and_where_never_shows_either()
    {
        var url = PostgresUrl.Parse("postgres://baton:in%40file@db:5432/baton", "from-env");

        new NpgsqlConnectionStringBuilder(url.ConnectionString).Password.ShouldBe("from-env");
        new NpgsqlConnectionStringBuilder(PostgresUrl.Parse("postgres://baton:in%40file@db:5432/baton", null).ConnectionString).Password.ShouldBe("in@file");
        url.Where.ShouldBe("postgres://baton@db:5432/baton");
        url.Where.ShouldNotContain("file");
    }

    [Theory]
    [InlineData("mysql://baton@db/baton", "must be `sqlite` or a URL")]
    [InlineData("postgres:///baton", "must be `sqlite` or a URL")]
    [InlineData("postgres://db.example.com/baton", "names no user")]
    [InlineData("postgres://baton@db/baton?pool=9", "'pool', which Baton does not read")]
    [InlineData("postgres://baton@db/baton?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://baton@db/baton?connect_timeout=soon", "connect_timeout 'soon'")]
    public void A_url_baton_cannot_use_is_refused_saying_what_to_fix(string url, string fragment)
    {
        var error = Should.Throw<FormatException>(() => PostgresUrl.Parse(url, null));

        error.Message.ShouldContain(fragment);
    }
}
