import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** The first executable called `name` on PATH. */
export async function onPath(name: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    if (
      await access(file, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  return undefined;
}
