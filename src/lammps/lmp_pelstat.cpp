/* ----------------------------------------------------------------------
   pelstat - statistics of potential energy landscapes, LAMMPS plugin
   SPDX-License-Identifier: GPL-2.0-or-later
------------------------------------------------------------------------- */

/* lmp_pelstat: a drop-in replacement for `lmp` for LAMMPS libraries built
   without the PLUGIN package (such as Debian's liblammps).

   At start it loads pelstat.so (next to this executable, or $PELSTAT_PLUGIN)
   and registers its styles.  It also provides a `plugin` command with the
   syntax of the PLUGIN package (load, unload, list, clear), so one input
   script with `plugin load .../pelstat.so` runs unchanged with either LAMMPS.
   The command map of Input survives `clear`, the style maps of Modify do not:
   exactly as with the PLUGIN package, a script re-loads after `clear`. */

#include "lammpsplugin.h"

#include "comm.h"
#include "command.h"
#include "error.h"
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "lmppython.h"
#include "modify.h"
#include "utils.h"

#include <climits>
#include <cstdlib>
#include <dlfcn.h>
#include <mpi.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace LAMMPS_NS;

namespace {

struct LoadedStyle {
  std::string style, name, info, file;
};
std::vector<LoadedStyle> loaded;
std::string loading_file;

// Registration callback handed to lammpsplugin_init(): the counterpart of
// plugin_register() of the PLUGIN package, for the styles pelstat provides.
void register_style(lammpsplugin_t *plugin, void *ptr)
{
  auto lmp = (LAMMPS *)ptr;
  std::string style = plugin->style;
  if (style == "compute") {
    (*lmp->modify->compute_map)[plugin->name] = (Modify::ComputeCreator)plugin->creator.v2;
  } else if (style == "fix") {
    (*lmp->modify->fix_map)[plugin->name] = (Modify::FixCreator)plugin->creator.v2;
  } else if (style == "pair") {
    (*lmp->force->pair_map)[plugin->name] = (Force::PairCreator)plugin->creator.v1;
  } else if (style == "command") {
    (*lmp->input->command_map)[plugin->name] = (Input::CommandCreator)plugin->creator.v1;
  } else {
    lmp->error->all(FLERR, "lmp_pelstat: plugin style '{}' ({}) is not supported by this launcher",
                    style, plugin->name);
  }
  for (auto &s : loaded)
    if (s.style == style && s.name == plugin->name) {
      s.info = plugin->info;
      s.file = loading_file;
      return;
    }
  loaded.push_back({style, plugin->name, plugin->info, loading_file});
}

void load_plugin(LAMMPS *lmp, const std::string &file)
{
  dlerror();
  void *dso = dlopen(file.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!dso) {
    const char *why = dlerror();
    lmp->error->all(FLERR, "Open of plugin file {} failed: {}", file, why ? why : "unknown");
  }
  dlerror();
  void *init = dlsym(dso, "lammpsplugin_init");
  if (!init) lmp->error->all(FLERR, "Plugin symbol lookup failure in file {}", file);
  loading_file = file;
  (*(lammpsplugin_initfunc)init)((void *)lmp, dso, (void *)&register_style);
  if (lmp->comm->me == 0) utils::logmesg(lmp, "Loaded plugin file {}\n", file);
}

void unload_style(LAMMPS *lmp, const std::string &style, const std::string &name)
{
  if (style == "compute")
    lmp->modify->compute_map->erase(name);
  else if (style == "fix")
    lmp->modify->fix_map->erase(name);
  else if (style == "pair")
    lmp->force->pair_map->erase(name);
  else if (style == "command")
    lmp->input->command_map->erase(name);
}

class PluginCommand : public Command {
public:
  PluginCommand(LAMMPS *lmp) : Command(lmp) {}
  void command(int narg, char **arg) override
  {
    if (narg < 1) error->all(FLERR, "Illegal plugin command: expected load, unload, list or clear");
    std::string cmd = arg[0];
    if (cmd == "load") {
      if (narg != 2) error->all(FLERR, "Illegal plugin load command: expected one file name");
      load_plugin(lmp, arg[1]);
    } else if (cmd == "unload") {
      if (narg != 3) error->all(FLERR, "Illegal plugin unload command: expected style and name");
      unload_style(lmp, arg[1], arg[2]);
      for (auto it = loaded.begin(); it != loaded.end(); ++it)
        if (it->style == arg[1] && it->name == arg[2]) {
          loaded.erase(it);
          break;
        }
    } else if (cmd == "clear") {
      for (auto &s : loaded) unload_style(lmp, s.style, s.name);
      loaded.clear();
    } else if (cmd == "list") {
      if (comm->me == 0) {
        utils::logmesg(lmp, "Currently loaded plugins\n");
        int i = 0;
        for (auto &s : loaded)
          utils::logmesg(lmp, "{:4}: {} style plugin {} ({})\n", ++i, s.style, s.name, s.info);
      }
    } else {
      error->all(FLERR, "Illegal plugin command: unknown subcommand '{}'", cmd);
    }
  }
};

Command *plugin_command_creator(LAMMPS *lmp)
{
  return new PluginCommand(lmp);
}

// pelstat.so next to this executable, unless PELSTAT_PLUGIN names another.
std::string default_plugin_path()
{
  const char *env = getenv("PELSTAT_PLUGIN");
  if (env && *env) return env;
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return PELSTAT_PLUGIN_NAME;
  buf[n] = '\0';
  std::string exe(buf);
  return exe.substr(0, exe.rfind('/') + 1) + PELSTAT_PLUGIN_NAME;
}

} // namespace

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  try {
    auto lmp = new LAMMPS(argc, argv, MPI_COMM_WORLD);
    (*lmp->input->command_map)["plugin"] = &plugin_command_creator;
    load_plugin(lmp, default_plugin_path());
    lmp->input->file();
    delete lmp;
  } catch (fmt::format_error &fe) {
    fprintf(stderr, "fmt::format_error: %s\n", fe.what());
    Python::finalize();
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1);
  }
  Python::finalize();
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Finalize();
  return 0;
}
