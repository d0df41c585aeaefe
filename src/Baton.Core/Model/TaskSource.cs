namespace Baton.Core.Model;

public enum TaskSource
{
    Cli,
    File,
    Matrix,
    Http,
}
