import sys

from ioc_hub.app import main

sys.exit(main())
