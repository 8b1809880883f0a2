print("mtrules")
