namespace Myelin.Ecs;

// One recorded structural change; a component value lives in the CommandColumn of TypeId at ValueIndex.
internal readonly record struct Command(CommandKind Kind, Entity Entity, int TypeId, int ValueIndex);
