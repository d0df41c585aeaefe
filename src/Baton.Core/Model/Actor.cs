namespace Baton.Core.Model;

/// <summary>
/// Who asked for something: a person on a surface (<c>cli</c> with the OS user, <c>matrix</c> with the user id,
/// <c>http</c> with the token's name) or Baton itself (<c>baton</c>: the scheduler, recovery). Carried by every
/// operation and recorded on the events it causes, so rules about people are written once.
/// </summary>
public sealed record Actor(string Surface, string Name)
{
    public static readonly Actor Baton = new("baton", "baton");

    public static Actor Cli(string user) => new("cli", user);

    public static Actor Matrix(string userId) => new("matrix", userId);

    public static Actor Http(string tokenName) => new("http", tokenName);

    public override string ToString() => Surface == "baton" ? "baton" : $"{Name} ({Surface})";
}
