// MetaLesson module.
