namespace Myelin.Ecs;

internal enum CommandKind : byte
{
    Create,
    Destroy,
    Add,
    Set,
    Remove,
}
