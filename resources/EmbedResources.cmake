# Writes OUT: a C++ table of every file in FILES, keyed by its path relative to ROOT.
set(body "#include \"resources/EmbeddedResources.h\"\n\nnamespace voxsiam::resources {\nnamespace {\nconst std::map<std::string, std::string> kFiles = {\n")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(path IN LISTS FILES)
  file(RELATIVE_PATH key ${ROOT} ${path})
  file(READ ${path} content)
  string(APPEND body "    {\"${key}\", R\"vxres(${content})vxres\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace\n\n"
  "const std::string* embeddedResource(const std::string& key) {\n"
  "  auto found = kFiles.find(key);\n"
  "  return found == kFiles.end() ? nullptr : &found->second;\n}\n\n"
  "std::vector<std::string> embeddedResourceKeys(const std::string& prefix) {\n"
  "  std::vector<std::string> keys;\n"
  "  for (const auto& [key, content] : kFiles)\n"
  "    if (key.rfind(prefix, 0) == 0) keys.push_back(key);\n"
  "  return keys;\n}\n}  // namespace voxsiam::resources\n")
file(WRITE ${OUT}.tmp "${body}")
file(RENAME ${OUT}.tmp ${OUT})
