print("MetaLab")
